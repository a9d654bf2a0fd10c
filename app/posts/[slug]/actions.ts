'use server';

import { updateTag } from 'next/cache';
import { after } from 'next/server';
import { redirect } from 'next/navigation';
import { deleteOwnComment, getCommentForAction, reportComment, toggleCommentLike } from '@/db/queries/comments';
import { commentLocation, updateCommentBody } from '@/lib/services/comments';
import { cacheTags } from '@/lib/policies/cache-tags';
import {
  canDeleteComment,
  canEditComment,
  commentIdSchema,
  editCommentSchema,
  reportCommentSchema,
} from '@/lib/policies/comment-policy';
import { formAction, postAction } from '@/lib/server/action';
import { hideIfReportedEnough } from '@/lib/services/moderation';
import { notifyQueue } from '@/lib/services/notifications';
import { getCurrentUser } from '@/lib/server/session';
import { requestCookieJar } from '@/lib/server/cookie-jar';
import { markViewerChanged } from '@/lib/services/viewer';

const backTo = async (comment: { postId: number; postSlug: string; id: number }) =>
  (await commentLocation({ postId: comment.postId, slug: comment.postSlug, commentId: comment.id })).href;

/** The comment an action is about, when it still exists. */
const commentFor = (commentId: number) => getCommentForAction({ id: commentId });

/** Edits one's own comment within 15 minutes of posting it. */
export const editCommentAction = formAction({
  schema: editCommentSchema,
  keep: ['body'],
  who: 'signed-in',
  run: async ({ data, user }) => {
    const comment = await commentFor(data.commentId);
    if (!comment || !canEditComment(user.id, comment, new Date())) {
      return { ok: false, message: 'This comment can no longer be edited: comments can be edited for 15 minutes.' };
    }
    await updateCommentBody({ id: comment.id, markdown: data.body });
    updateTag(cacheTags.post(comment.postSlug));
    markViewerChanged(await requestCookieJar());
    redirect(await backTo(comment));
  },
});

/** Deletes one's own comment (a placeholder stays while it has replies). */
export const deleteCommentAction = postAction({
  schema: commentIdSchema,
  who: 'signed-in',
  fallback: '/',
  run: async ({ data, user }) => {
    const comment = await commentFor(data.commentId);
    if (!comment || !canDeleteComment(user.id, comment)) {
      return { ok: false, message: 'This comment cannot be deleted: it is gone, or it is not yours.' };
    }
    await deleteOwnComment({ id: comment.id });
    updateTag(cacheTags.post(comment.postSlug));
    updateTag(cacheTags.commentCounts);
    markViewerChanged(await requestCookieJar());
    // A sentence in the address: the page is rendered afresh for this reader (the same address with
    // only a new #anchor would be kept by the browser's router as it was).
    redirect(`/posts/${comment.postSlug}?notice=${encodeURIComponent('Your comment is deleted.')}#comments`);
  },
});

/** Likes or unlikes a visible comment: one like per reader per comment. Visitors are sent to sign in. */
export const toggleLikeAction = postAction({
  schema: commentIdSchema,
  who: 'anyone',
  fallback: '/',
  run: async ({ data }) => {
    const comment = await commentFor(data.commentId);
    if (!comment || comment.status !== 'visible') return { ok: false, message: 'This comment is no longer shown.' };
    const user = await getCurrentUser();
    if (!user) redirect(`/signin?returnTo=${encodeURIComponent(await backTo(comment))}`);
    // The page offers no Like under one's own comment; a crafted request gets a sentence, not a like.
    if (comment.authorId === user.id) {
      const problem = encodeURIComponent('You cannot like your own comment.');
      redirect(`/posts/${comment.postSlug}?problem=${problem}#comments`);
    }
    await toggleCommentLike({ commentId: comment.id, userId: user.id });
    updateTag(cacheTags.post(comment.postSlug));
    markViewerChanged(await requestCookieJar());
    redirect(await backTo(comment));
  },
});

/** Reports a comment for moderators, once per reader per comment. */
export const reportCommentAction = formAction({
  schema: reportCommentSchema,
  keep: ['reason', 'details'],
  who: 'signed-in',
  run: async ({ data, user }) => {
    const comment = await commentFor(data.commentId);
    if (!comment || comment.status !== 'visible') return { ok: false, message: 'This comment is no longer shown.' };
    const result = await reportComment({
      commentId: comment.id,
      userId: user.id,
      reason: data.reason,
      details: data.details,
    });
    updateTag(cacheTags.viewers(comment.postId));
    markViewerChanged(await requestCookieJar());
    // Enough readers agree: the comment is hidden into the queue until a moderator decides.
    if (result === 'reported' && (await hideIfReportedEnough(comment.id))) {
      updateTag(cacheTags.post(comment.postSlug));
      updateTag(cacheTags.commentCounts);
      after(() => notifyQueue(comment.id, 'Readers reported it.'));
      // The comment (and this form under it) is gone from the page: say thank you above the comments.
      const thanks = encodeURIComponent('Thank you. A moderator will look at this comment.');
      redirect(`/posts/${comment.postSlug}?notice=${thanks}#comments`);
    }
    return result === 'reported'
      ? { ok: true, message: 'Thank you. A moderator will look at this comment.', values: {} }
      : { ok: false, message: 'You have already reported this comment.', values: {} };
  },
});
