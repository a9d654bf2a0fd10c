import { queueCounts } from '@/db/queries/moderation';
import { canModerate, canWrite } from '@/lib/policies/permissions';
import { getCurrentUser } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

/** Who is signed in, for the site header's account link (and a moderator's open queue count). */
export async function GET() {
  const user = await getCurrentUser();
  const headers = { 'Cache-Control': 'private, no-store' };
  if (!user) return Response.json({ signedIn: false }, { headers });
  return Response.json(
    {
      signedIn: true,
      name: user.name ?? user.handle,
      writes: canWrite(user),
      openQueue: canModerate(user) ? (await queueCounts()).open : null,
    },
    { headers },
  );
}
