'use server';

import { updateTag } from 'next/cache';
import { after } from 'next/server';
import { redirect } from 'next/navigation';
import {
  commentLocation,
  deleteOwnComment,
  getCommentForAction,
  reportComment,
  toggleCommentLike,
  updateCommentBody,
} from '@/db/queries/comments';
import { cacheTags } from '@/lib/cache-tags';
import {
  canDeleteComment,
  canEditComment,
  commentIdSchema,
  editCommentSchema,
  reportCommentSchema,
} from '@/lib/comment-policy';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import { hideIfReportedEnough } from '@/lib/moderation';
import { notifyQueue } from '@/lib/notifications';
import { getCurrentUser } from '@/lib/session';
import { markViewerChanged } from '@/lib/viewer';

/** Loads the signed-in reader and the comment an action is about; null when either is missing. */
async function readerAndComment(commentId: unknown) {
  const parsed = commentIdSchema.safeParse({ commentId });
  if (!parsed.success) return null;
  const [user, comment] = [await getCurrentUser(), getCommentForAction({ id: parsed.data.commentId })];
  if (!user || !comment) return null;
  return { user, comment };
}

const backTo = (comment: { postId: number; postSlug: string; id: number }) =>
  commentLocation({ postId: comment.postId, slug: comment.postSlug, commentId: comment.id }).href;

/** Edits one's own comment within 15 minutes of posting it. */
export async function editCommentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['body']);
  const parsed = editCommentSchema.safeParse({ commentId: formData.get('commentId'), body: formData.get('body') });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const found = await readerAndComment(parsed.data.commentId);
  if (!found) return { message: 'Sign in to edit your comments.', values };
  const { user, comment } = found;
  if (!canEditComment(user.id, comment, new Date())) {
    return { message: 'This comment can no longer be edited: comments can be edited for 15 minutes.', values };
  }
  updateCommentBody({ id: comment.id, markdown: parsed.data.body });
  updateTag(cacheTags.post(comment.postSlug));
  await markViewerChanged();
  redirect(backTo(comment));
}

/** Deletes one's own comment (a placeholder stays while it has replies). */
export async function deleteCommentAction(formData: FormData): Promise<void> {
  const found = await readerAndComment(formData.get('commentId'));
  if (!found || !canDeleteComment(found.user.id, found.comment)) return;
  deleteOwnComment({ id: found.comment.id });
  updateTag(cacheTags.post(found.comment.postSlug));
  updateTag(cacheTags.commentCounts);
  await markViewerChanged();
  // A sentence in the address: the page is rendered afresh for this reader (the same address with
  // only a new #anchor would be kept by the browser's router as it was).
  redirect(`/posts/${found.comment.postSlug}?notice=${encodeURIComponent('Your comment is deleted.')}#comments`);
}

/** Likes or unlikes a visible comment: one like per reader per comment. Visitors are sent to sign in. */
export async function toggleLikeAction(formData: FormData): Promise<void> {
  const parsed = commentIdSchema.safeParse({ commentId: formData.get('commentId') });
  if (!parsed.success) return;
  const [user, comment] = [await getCurrentUser(), getCommentForAction({ id: parsed.data.commentId })];
  if (!comment || comment.status !== 'visible') return;
  if (!user) redirect(`/signin?returnTo=${encodeURIComponent(backTo(comment))}`);
  // The page offers no Like under one's own comment; a crafted request gets a sentence, not a like.
  if (comment.authorId === user.id) {
    const problem = encodeURIComponent('You cannot like your own comment.');
    redirect(`/posts/${comment.postSlug}?problem=${problem}#comments`);
  }
  toggleCommentLike({ commentId: comment.id, userId: user.id });
  updateTag(cacheTags.post(comment.postSlug));
  await markViewerChanged();
  redirect(backTo(comment));
}

/** Reports a comment for moderators, once per reader per comment. */
export async function reportCommentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['reason', 'details']);
  const parsed = reportCommentSchema.safeParse({
    commentId: formData.get('commentId'),
    reason: formData.get('reason') ?? undefined,
    details: formData.get('details') ?? '',
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const found = await readerAndComment(parsed.data.commentId);
  if (!found) return { message: 'Sign in to report comments.', values };
  if (found.comment.status !== 'visible') return { message: 'This comment is no longer shown.', values };
  const result = reportComment({
    commentId: found.comment.id,
    userId: found.user.id,
    reason: parsed.data.reason,
    details: parsed.data.details,
  });
  // Enough readers agree: the comment is hidden into the queue until a moderator decides.
  await markViewerChanged();
  if (result === 'reported' && hideIfReportedEnough(found.comment.id)) {
    updateTag(cacheTags.post(found.comment.postSlug));
    updateTag(cacheTags.commentCounts);
    after(() => notifyQueue(found.comment.id, 'Readers reported it.'));
    // The comment (and this form under it) is gone from the page: say thank you above the comments.
    const thanks = encodeURIComponent('Thank you. A moderator will look at this comment.');
    redirect(`/posts/${found.comment.postSlug}?notice=${thanks}#comments`);
  }
  return {
    message:
      result === 'reported'
        ? 'Thank you. A moderator will look at this comment.'
        : 'You have already reported this comment.',
  };
}
