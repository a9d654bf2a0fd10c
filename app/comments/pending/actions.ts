'use server';

import { updateTag } from 'next/cache';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { commentSchema } from '@/lib/comment-policy';
import { postComment, settleNewComment } from '@/lib/comment-posting';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import {
  forgetPendingComment,
  NO_PENDING_COMMENT,
  PENDING_COMMENT_COOKIE,
  PENDING_COMMENT_PATH,
  readPendingComment,
} from '@/lib/pending-comments';
import { getCurrentUser } from '@/lib/session';
import { markViewerChanged } from '@/lib/viewer';

/**
 * Posts the comment this browser kept while its writer signed in (the text as it stands in the
 * form now), with every check a comment gets; on success the kept copy is forgotten.
 */
export async function postPendingCommentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['body']);
  const jar = await cookies();
  const token = jar.get(PENDING_COMMENT_COOKIE)?.value;
  const pending = await readPendingComment(token);
  if (!token || !pending) return { message: NO_PENDING_COMMENT, values };
  const parsed = commentSchema.safeParse({
    postId: pending.postId,
    parentId: pending.parentId ?? undefined,
    body: formData.get('body'),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?returnTo=${encodeURIComponent(PENDING_COMMENT_PATH)}&notice=comment-kept`);
  const posted = postComment({ ...parsed.data, user, now: new Date() });
  if ('refusal' in posted) return { message: posted.refusal, values };
  forgetPendingComment(token);
  jar.delete(PENDING_COMMENT_COOKIE);
  settleNewComment(posted, updateTag);
  await markViewerChanged();
  redirect(posted.href);
}
