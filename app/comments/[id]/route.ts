import { redirect } from 'next/navigation';
import { commentLocation, getCommentForAction } from '@/db/queries/comments';
import { textResponse } from '@/lib/http';
import { idParam } from '@/lib/validations/params';

export const dynamic = 'force-dynamic';

/** A comment's permalink: opens the comment page of its post that shows it, at the comment. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = idParam.safeParse((await params).id);
  const comment = id.success ? getCommentForAction({ id: id.data }) : null;
  const location = comment
    ? commentLocation({ postId: comment.postId, slug: comment.postSlug, commentId: comment.id })
    : null;
  if (!location?.shown) return textResponse(404, 'That comment is not shown any more, or never was.');
  redirect(location.href);
}
