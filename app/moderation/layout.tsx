import type { Metadata } from 'next';
import Link from 'next/link';
import { queueCounts } from '@/db/queries/moderation';
import { canModerate, isAdmin } from '@/lib/policies/permissions';
import { getCurrentUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Moderation', robots: { index: false, follow: false } };

export default async function ModerationLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  const counts = canModerate(user) ? await queueCounts() : null;
  return (
    <div className="flex flex-col gap-6">
      {counts ? (
        <nav
          aria-label="Moderation"
          className="flex flex-wrap gap-x-5 gap-y-2 border-b border-[var(--color-line)] pb-3 text-sm"
        >
          <Link href="/moderation">Queue ({counts.open} open)</Link>
          <Link href="/moderation/log">Audit log</Link>
          {isAdmin(user) ? <Link href="/moderation/rules">Rules</Link> : null}
          {isAdmin(user) ? <Link href="/admin/users">Users</Link> : null}
          <Link href="/account">Your account</Link>
        </nav>
      ) : null}
      {children}
    </div>
  );
}
