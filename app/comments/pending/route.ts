import { revalidateTag } from 'next/cache';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { postComment, settleNewComment } from '@/lib/comment-posting';
import {
  forgetPendingComment,
  PENDING_COMMENT_COOKIE,
  PENDING_COMMENT_PATH,
  readPendingComment,
} from '@/lib/pending-comments';
import { getCurrentUser } from '@/lib/session';
import { markViewerChanged } from '@/lib/viewer';

export const dynamic = 'force-dynamic';

/**
 * Where signing in (or signing up) after writing a comment as a visitor comes back to: the comment
 * this browser kept is posted, with every check a comment gets, and the reader lands on it. When it
 * cannot be posted (a ban, closed comments, a limit), they land on the post with the reason and
 * their text back in the box.
 */
export async function GET() {
  const jar = await cookies();
  const token = jar.get(PENDING_COMMENT_COOKIE)?.value;
  const pending = await readPendingComment(token);
  if (!token || !pending) {
    return new Response(
      'There is no comment waiting to be posted here: it was posted already, or it was kept for an hour and then dropped.',
      { status: 410, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } },
    );
  }
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?returnTo=${encodeURIComponent(PENDING_COMMENT_PATH)}&notice=comment-kept`);
  const posted = postComment({
    postId: pending.postId,
    parentId: pending.parentId,
    body: pending.body,
    user,
    now: new Date(),
  });
  if ('refusal' in posted) {
    redirect(`/posts/${pending.slug}?problem=${encodeURIComponent(posted.refusal)}#comments`);
  }
  forgetPendingComment(token);
  jar.delete(PENDING_COMMENT_COOKIE);
  // Outside a server action: the pages that show the comment are dropped at once, not refreshed later.
  settleNewComment(posted, (tag) => revalidateTag(tag, { expire: 0 }));
  await markViewerChanged();
  redirect(posted.href);
}
