import { z } from 'zod';
import { getPostForViewer } from '@/db/queries/viewer';
import { getCurrentUser } from '@/lib/server/session';
import { viewerStateFor } from '@/lib/services/viewer';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const headers = { 'Cache-Control': 'private, no-store' };

/**
 * What the signed-in reader sees differently on a post's page (their comments' buttons, likes,
 * reports, held and removed comments they may read, moderator controls, a ban notice): the page
 * itself is the cached one everyone gets. Asked by components/viewer-context.tsx.
 */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) return Response.json({ error: 'Not a post number.' }, { status: 400, headers });
  const post = getPostForViewer({ id: parsed.data.id });
  if (!post) return Response.json({ error: 'There is no such post.' }, { status: 404, headers });
  return Response.json(viewerStateFor(await getCurrentUser(), post), { headers });
}
