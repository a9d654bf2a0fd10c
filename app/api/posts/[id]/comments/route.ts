import { revalidateTag } from 'next/cache';
import { z } from 'zod';
import { followPost } from '@/db/queries/follows';
import { commentSchema } from '@/lib/policies/comment-policy';
import { commentFormAddress, locationHeader, type CommentFormAnswer } from '@/lib/policies/comment-form-answer';
import { postComment, settleNewComment } from '@/lib/services/comment-posting';
import { fieldErrors } from '@/lib/policies/form-state';
import { forgetRefusedComment, keepCommentUntilSignIn, keepRefusedComment } from '@/lib/services/pending-comments';
import { PAGE_POST_LIMIT_BYTES, requestOrigin } from '@/lib/server/request-checks';
import { getCurrentUser } from '@/lib/server/session';
import { markViewerChanged } from '@/lib/services/viewer';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Posts a comment or a reply: the comment form's target (components/comment-form.tsx). A plain HTML
 * form post, so it works without JavaScript: the answer is a 303 to the new comment, or back to the
 * form's page with the sentence and the text kept (lib/services/pending-comments.ts). The form's script asks
 * for JSON instead (`Accept: application/json`) and shows the same sentences in place.
 *
 * A route handler rather than a server action: the same checks, without the action pipeline (finding
 * the action, decoding its arguments, rendering the page's form state), which cost more than the
 * comment's own work. Every check is made here again: anyone can post to this address.
 */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const json = (request.headers.get('accept') ?? '').includes('application/json');
  // proxy.ts makes this check for posts to pages; route handlers under /api/ make their own. A
  // cookie-carrying form from another site must not post in a reader's name.
  if (requestOrigin(request.headers) === 'foreign') return text(403, 'This form was sent from another site.');
  if (Number(request.headers.get('content-length')) > PAGE_POST_LIMIT_BYTES) {
    return text(413, 'The form is larger than this site accepts (2 MB).');
  }
  const post = params.safeParse(await context.params);
  if (!post.success) return text(404, 'There is no such post.');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return text(400, 'The form data could not be read. Reload the page and send the form again.');
  }
  const here = form.get('here');
  const typed = form.get('body');

  const answer = async (result: CommentFormAnswer, parentId: number | null): Promise<Response> => {
    if (json) return Response.json(result, { status: 'location' in result ? 200 : 422, headers: noStore });
    if ('location' in result) return seeOther(result.location);
    const back = commentFormAddress(typeof here === 'string' ? here : '', parentId, result.message);
    if (!back) return text(422, result.message);
    // The text goes back into the form on the page the browser is sent to.
    await keepRefusedComment({ postId: post.data.id, parentId, body: typeof typed === 'string' ? typed : '' });
    return seeOther(back);
  };

  const parsed = commentSchema.safeParse({
    postId: post.data.id,
    parentId: form.get('parentId') ?? undefined,
    body: form.get('body'),
  });
  // Read on its own too, so an invalid reply still goes back to the reply's form.
  const parent = commentSchema.shape.parentId.safeParse(form.get('parentId') ?? undefined);
  const parentId = parsed.success ? parsed.data.parentId : parent.success ? parent.data : null;
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return answer({ message: errors.body ?? Object.values(errors)[0]!, errors }, parentId);
  }
  const user = await getCurrentUser();
  // A visitor's comment is kept and posted once they have signed in (/comments/pending).
  if (!user) return answer(await keepCommentUntilSignIn(parsed.data), parentId);
  const posted = postComment({ ...parsed.data, user, now: new Date() });
  if ('refusal' in posted) return answer({ message: posted.refusal }, parentId);
  // "Notify me of new comments" (shown ticked to signed-in readers who do not follow the post yet).
  if (form.get('follow') === 'on') followPost({ userId: user.id, postId: post.data.id });
  // An immediate expiry (Next's updateTag is for server actions only): the next request renders afresh.
  settleNewComment(posted, (tag) => revalidateTag(tag, { expire: 0 }));
  await forgetRefusedComment();
  await markViewerChanged();
  return answer({ location: posted.href }, parentId);
}

const noStore = { 'Cache-Control': 'no-store' };

/** A 303 with no body: the browser follows it with a GET. */
function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: locationHeader(location), ...noStore } });
}
