import { redirect } from 'next/navigation';
import { getCommentForAction } from '@/db/queries/comments';
import { commentLocation } from '@/lib/services/comments';
import { textResponse } from '@/lib/server/http';
import { canModerate } from '@/lib/policies/permissions';
import { getCurrentUser } from '@/lib/server/session';
import { idParam } from '@/lib/validations/params';

export const dynamic = 'force-dynamic';

/**
 * A comment's permalink: opens the comment page of its post that shows it, at the comment. A
 * signed-in reader gets that page rendered for them (`?comment=<id>`): their own held comment is
 * found, and without JavaScript their own and a moderator's controls are there.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = idParam.safeParse((await params).id);
  const comment = id.success ? await getCommentForAction({ id: id.data }) : null;
  const user = comment ? await getCurrentUser() : null;
  const viewer = user ? { userId: user.id, moderates: canModerate(user) } : null;
  const location = comment
    ? await commentLocation({ postId: comment.postId, slug: comment.postSlug, commentId: comment.id, viewer })
    : null;
  if (!comment || !location?.shown) return textResponse(404, 'That comment is not shown any more, or never was.');
  if (!user) redirect(location.href);
  const [path, anchor] = location.href.split('#');
  redirect(`${path}?comment=${comment.id}#${anchor}`);
}
