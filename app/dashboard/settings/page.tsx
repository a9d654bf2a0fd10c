import { SettingsForm } from '@/components/settings-form';
import { getSiteSettings } from '@/db/queries/settings';
import { requireAdmin } from '@/lib/server/access';

export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  await requireAdmin('/dashboard/settings');
  const settings = getSiteSettings();
  return (
    <main className="flex max-w-xl flex-col gap-6">
      <h1 className="font-serif text-3xl font-bold">Site settings</h1>
      <SettingsForm settings={settings} />
    </main>
  );
}
