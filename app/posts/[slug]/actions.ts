'use server';

import { refresh, updateTag } from 'next/cache';
import { after } from 'next/server';
import { redirect } from 'next/navigation';
import {
  commentLocation,
  createComment,
  deleteOwnComment,
  getCommentChecks,
  getCommentForAction,
  inCommentTransaction,
  reportComment,
  toggleCommentLike,
  updateCommentBody,
} from '@/db/queries/comments';
import { getModerationRules } from '@/db/queries/moderation';
import { cacheTags } from '@/lib/cache-tags';
import {
  canDeleteComment,
  canEditComment,
  commentIdSchema,
  commentLimitMessage,
  commentSchema,
  DUPLICATE_WINDOW_MS,
  editCommentSchema,
  reportCommentSchema,
} from '@/lib/comment-policy';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import { hideIfReportedEnough } from '@/lib/moderation';
import {
  banMessage,
  closedByAge,
  isBanned,
  judgeComment,
  NEW_ACCOUNT_MS,
  type Judgement,
} from '@/lib/moderation-policy';
import { notifyQueue, notifyReply } from '@/lib/notifications';
import { canModerate } from '@/lib/permissions';
import { getCurrentUser, type CurrentUser } from '@/lib/session';

/**
 * Posts a comment or a reply. A public endpoint like every server action: it re-checks who is
 * calling and what they may do before writing anything.
 */
export async function postCommentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['body']);
  const parsed = commentSchema.safeParse({
    postId: formData.get('postId'),
    parentId: formData.get('parentId') ?? undefined,
    body: formData.get('body'),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };

  const user = await getCurrentUser();
  if (!user) return { message: 'Sign in to comment.', values };
  const now = new Date();
  if (isBanned(user, now)) return { message: banMessage(user), values };

  const posted = postComment({ ...parsed.data, user, now });
  if ('refusal' in posted) return { message: posted.refusal, values };
  const { id, slug, judgement, href } = posted;
  if (judgement.verdict === 'hold') {
    after(() => notifyQueue(id, judgement.reason));
    // Nothing public changed, but this reader's own page did (their comment, awaiting approval):
    // the browser must not reuse the page it already holds.
    refresh();
  } else {
    // The post's pages (every comment page is tagged with the post) and every list showing its
    // comment count show the comment on the next request.
    updateTag(cacheTags.post(slug));
    updateTag(cacheTags.postLists);
    if (parsed.data.parentId !== null) after(() => notifyReply(id));
  }
  redirect(href);
}

/**
 * The checks and the write of a new comment, in one transaction: one statement reads the post, the
 * parent, the author's recent comments and standing (getCommentChecks), the rules decide, the
 * comment is written, and where it lands is worked out with indexed counts (commentLocation). The
 * refusals, in the order a reader meets them, are sentences for the form.
 */
function postComment({
  postId,
  parentId,
  body,
  user,
  now,
}: {
  postId: number;
  parentId: number | null;
  body: string;
  user: CurrentUser;
  now: Date;
}): { refusal: string } | { id: number; slug: string; judgement: Judgement; href: string } {
  return inCommentTransaction(() => {
    const checks = getCommentChecks({
      postId,
      parentId,
      authorId: user.id,
      markdown: body,
      now,
      duplicateWindowMs: DUPLICATE_WINDOW_MS,
    });
    const { post } = checks;
    if (!post) return { refusal: 'This post cannot be commented on.' };
    const rules = getModerationRules();
    if (!post.commentsOpen || closedByAge(post.publishedAt ?? now, now, rules)) {
      return { refusal: 'Comments are closed on this post.' };
    }
    if (!checks.parentVisible) return { refusal: 'The comment you are replying to is no longer there.' };
    const limit = commentLimitMessage({
      lastMinute: checks.lastMinute,
      lastDay: checks.lastDay,
      duplicate: checks.duplicate,
      newAccount: now.getTime() - user.createdAt.getTime() < NEW_ACCOUNT_MS,
    });
    if (limit) return { refusal: limit };
    const judgement = judgeComment(
      {
        body,
        authorEmail: user.email,
        authorModerates: canModerate(user),
        authorHasApprovedComment: checks.hasApprovedComment,
        postPublishedAt: post.publishedAt ?? now,
        now,
      },
      rules,
    );
    if (judgement.verdict === 'reject') return { refusal: judgement.reason };
    const held = judgement.verdict === 'hold';
    const { id } = createComment({
      postId,
      parentId,
      authorId: user.id,
      markdown: body,
      status: held ? 'pending' : 'visible',
      heldReason: held ? judgement.code : null,
    });
    const viewer = { userId: user.id, moderates: false };
    const { href } = commentLocation({ postId, slug: post.slug, commentId: id, viewer });
    return { id, slug: post.slug, judgement, href };
  });
}

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
  redirect(backTo(comment));
}

/** Deletes one's own comment (a placeholder stays while it has replies). */
export async function deleteCommentAction(formData: FormData): Promise<void> {
  const found = await readerAndComment(formData.get('commentId'));
  if (!found || !canDeleteComment(found.user.id, found.comment)) return;
  deleteOwnComment({ id: found.comment.id });
  updateTag(cacheTags.post(found.comment.postSlug));
  updateTag(cacheTags.postLists);
  redirect(`/posts/${found.comment.postSlug}#comments`);
}

/** Likes or unlikes a visible comment: one like per reader per comment. */
export async function toggleLikeAction(formData: FormData): Promise<void> {
  const found = await readerAndComment(formData.get('commentId'));
  if (!found || found.comment.status !== 'visible') return;
  // The page offers no Like under one's own comment; a crafted request gets a sentence, not a like.
  if (found.comment.authorId === found.user.id) {
    const problem = encodeURIComponent('You cannot like your own comment.');
    redirect(`/posts/${found.comment.postSlug}?problem=${problem}#comments`);
  }
  toggleCommentLike({ commentId: found.comment.id, userId: found.user.id });
  updateTag(cacheTags.post(found.comment.postSlug));
  redirect(backTo(found.comment));
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
  if (result === 'reported' && hideIfReportedEnough(found.comment.id)) {
    updateTag(cacheTags.post(found.comment.postSlug));
    updateTag(cacheTags.postLists);
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
