import 'server-only';
import { z } from 'zod';
import { followPost } from '@/db/queries/follows';
import { commentSchema } from '../policies/comment-policy';
import { commentFormAddress, locationHeader, type CommentFormAnswer } from '../policies/comment-form-answer';
import { fieldErrors } from '../policies/form-state';
import type { CookieJar } from '../server/cookie-jar';
import { PAGE_POST_LIMIT_BYTES, requestOrigin } from '../server/request-checks';
import type { CurrentUser } from '../server/session';
import { postComment, settleNewComment, type Settle } from './comment-posting';
import { forgetRefusedComment, keepCommentUntilSignIn, keepRefusedComment } from './pending-comments';
import { markViewerChanged } from './viewer';

/** The comment form's post, read the same way wherever it is answered. */
export type CommentPost = {
  headers: Headers;
  /** The post's id as it came in the address. */
  rawPostId: string;
  /** The form's fields (a FormData or URLSearchParams); null when the body could not be read. */
  readForm: () => Promise<{ get(name: string): unknown } | null>;
  user: () => Promise<CurrentUser | null>;
  jar: CookieJar;
  settle: Settle;
};

/** An HTTP answer: the status, its headers and body (empty for a redirect). */
export type CommentPostReply = { status: number; headers: Record<string, string>; body: string };

const postId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const noStore = { 'Cache-Control': 'no-store' };
const text = (status: number, message: string): CommentPostReply => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: message,
});
/** A 303 with no body: the browser follows it with a GET. */
const seeOther = (location: string): CommentPostReply => ({
  status: 303,
  headers: { Location: locationHeader(location), ...noStore },
  body: '',
});

/**
 * A comment or a reply posted with the comment form (components/comment-form.tsx). A plain HTML form
 * post, so it works without JavaScript: the answer is a 303 to the new comment, or back to the form's
 * page with the sentence and the text kept (lib/services/pending-comments.ts). The form's script asks
 * for JSON instead (`Accept: application/json`) and shows the same sentences in place. Every check is
 * made here: anyone can post to the form's address.
 *
 * Answered by the route app/api/posts/[id]/comments, or, for a signed-in reader's urlencoded post,
 * before Next by the front door (lib/server/comment-door.ts): the same answer either way.
 */
export async function answerCommentPost(request: CommentPost): Promise<CommentPostReply> {
  const { headers, jar } = request;
  const json = (headers.get('accept') ?? '').includes('application/json');
  // proxy.ts makes this check for posts to pages; posts to /api/ make their own. A cookie-carrying
  // form from another site must not post in a reader's name.
  if (requestOrigin(headers) === 'foreign') return text(403, 'This form was sent from another site.');
  if (Number(headers.get('content-length')) > PAGE_POST_LIMIT_BYTES) {
    return text(413, 'The form is larger than this site accepts (2 MB).');
  }
  const post = postId.safeParse(request.rawPostId);
  if (!post.success) return text(404, 'There is no such post.');
  const form = await request.readForm();
  if (!form) return text(400, 'The form data could not be read. Reload the page and send the form again.');
  const here = form.get('here');
  const typed = form.get('body');

  const answer = async (result: CommentFormAnswer, parentId: number | null): Promise<CommentPostReply> => {
    if (json) {
      return {
        status: 'location' in result ? 200 : 422,
        headers: { 'Content-Type': 'application/json', ...noStore },
        body: JSON.stringify(result),
      };
    }
    if ('location' in result) return seeOther(result.location);
    const back = commentFormAddress(typeof here === 'string' ? here : '', parentId, result.message);
    if (!back) return text(422, result.message);
    // The text goes back into the form on the page the browser is sent to.
    await keepRefusedComment({ postId: post.data, parentId, body: typeof typed === 'string' ? typed : '' }, jar);
    return seeOther(back);
  };

  const parsed = commentSchema.safeParse({
    postId: post.data,
    parentId: form.get('parentId') ?? undefined,
    body: typed,
  });
  // Read on its own too, so an invalid reply still goes back to the reply's form.
  const parent = commentSchema.shape.parentId.safeParse(form.get('parentId') ?? undefined);
  const parentId = parsed.success ? parsed.data.parentId : parent.success ? parent.data : null;
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return answer({ message: errors.body ?? Object.values(errors)[0]!, errors }, parentId);
  }
  const user = await request.user();
  // A visitor's comment is kept and posted once they have signed in (/comments/pending).
  if (!user) return answer(await keepCommentUntilSignIn(parsed.data, jar), parentId);
  const posted = await postComment({ ...parsed.data, user, now: new Date() });
  if ('refusal' in posted) return answer({ message: posted.refusal }, parentId);
  // "Notify me of new comments" (shown ticked to signed-in readers who do not follow the post yet).
  if (form.get('follow') === 'on') await followPost({ userId: user.id, postId: post.data });
  // The pages showing it are dropped before the answer: the next request renders afresh.
  await settleNewComment(posted, request.settle);
  await forgetRefusedComment(jar);
  markViewerChanged(jar);
  return answer({ location: posted.href }, parentId);
}
