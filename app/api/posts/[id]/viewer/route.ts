import { getCurrentUser } from '@/lib/server/session';
import { viewerAnswer } from '@/lib/services/viewer';

export const dynamic = 'force-dynamic';

/**
 * What the signed-in reader sees differently on a post's page (their comments' buttons, likes,
 * reports, held and removed comments they may read, moderator controls, a ban notice): the page
 * itself is the cached one everyone gets. Asked by components/viewer-context.tsx; the front door
 * (lib/server/viewer-door.ts) answers it the same way before Next, so this runs only when it cannot.
 */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const { status, body } = await viewerAnswer(await getCurrentUser(), (await context.params).id);
  return Response.json(body, { status, headers: { 'Cache-Control': 'private, no-store' } });
}
