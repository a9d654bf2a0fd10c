import { listSubscribersForExport } from '@/db/queries/subscriptions';
import { subscribersCsv } from '@/lib/policies/csv';
import { isAdmin } from '@/lib/policies/permissions';
import { getCurrentUser } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

// Personal data: never stored by a browser or a proxy cache.
const privateHeaders = { 'Cache-Control': 'private, no-store' };

function refuse(sentence: string): Response {
  return new Response(sentence, {
    status: 403,
    headers: { ...privateHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The subscribers as a CSV file (address, date subscribed, from an account or not): admins only. */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return refuse('Sign in with an admin account to download the subscribers.');
  if (!isAdmin(user)) return refuse('Only admins can download the subscribers.');
  const day = new Date().toISOString().slice(0, 10);
  return new Response(subscribersCsv(await listSubscribersForExport()), {
    headers: {
      ...privateHeaders,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="subscribers-${day}.csv"`,
    },
  });
}
