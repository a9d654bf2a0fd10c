import type { Metadata } from 'next';
import Link from 'next/link';
import { isAdmin, canWrite } from '@/lib/policies/permissions';
import { getCurrentUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Dashboard', robots: { index: false, follow: false } };

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  return (
    <div className="flex flex-col gap-6">
      {canWrite(user) ? (
        <nav
          aria-label="Dashboard"
          className="flex flex-wrap gap-x-5 gap-y-2 border-b border-[var(--color-line)] pb-3 text-sm"
        >
          <Link href="/dashboard">Posts</Link>
          <Link href="/dashboard/pages">Pages</Link>
          <Link href="/dashboard/stats">Stats</Link>
          {isAdmin(user) ? <Link href="/dashboard/settings">Site settings</Link> : null}
          {isAdmin(user) ? <Link href="/dashboard/import">Import</Link> : null}
          {isAdmin(user) ? <Link href="/dashboard/subscribers">Subscribers</Link> : null}
          <Link href="/account">Your account</Link>
          <span className="meta ml-auto">
            Signed in as {user?.name ?? user?.handle} ({user?.role})
          </span>
        </nav>
      ) : null}
      {children}
    </div>
  );
}
