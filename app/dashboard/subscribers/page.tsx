import type { Metadata } from 'next';
import { countSubscribers } from '@/db/queries/subscriptions';
import { plural } from '@/lib/policies/format';
import { requireAdmin } from '@/lib/server/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Subscribers' };

/** How many follow the blog by email, and their list as a CSV file: admins only. */
export default async function SubscribersPage() {
  await requireAdmin('/dashboard/subscribers');
  const total = await countSubscribers();
  return (
    <main className="flex flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">Subscribers</h1>
      <p data-testid="subscriber-count">{plural(total, 'confirmed subscriber')} get new posts by email.</p>
      <p className="meta">
        Only confirmed addresses are kept: an address is stored when its owner opens the confirmation link, and removed
        when they unsubscribe.
      </p>
      <p>
        {/* A plain link: the route answers with a file download, not a page. */}
        <a href="/dashboard/subscribers/export" download className="button-secondary">
          Download CSV
        </a>
      </p>
    </main>
  );
}
