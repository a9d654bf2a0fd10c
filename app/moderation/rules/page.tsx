import { RulesForm } from '@/components/rules-form';
import { getModerationRules } from '@/lib/services/moderation-rules';
import { requireModerator } from '@/lib/server/access';
import { isAdmin } from '@/lib/policies/permissions';
import { forbidden } from 'next/navigation';

export const dynamic = 'force-dynamic';

export default async function ModerationRulesPage() {
  const user = await requireModerator('/moderation/rules');
  if (!isAdmin(user)) forbidden();
  return (
    <main className="flex max-w-2xl flex-col gap-5">
      <h1 className="font-serif text-3xl font-bold">Moderation rules</h1>
      <p className="meta">
        Every new comment passes these rules in order: the block list rejects it; otherwise it is held for approval when
        a hold rule matches, and published when none does. Moderators’ and admins’ own comments are never held.
      </p>
      <RulesForm rules={await getModerationRules()} />
    </main>
  );
}
