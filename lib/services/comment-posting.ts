import 'server-only';
import { getCommentChecks, inCommentTransaction, insertComment } from '@/db/queries/comments';
import { commentLocation } from './comments';
import { getModerationRules } from './moderation-rules';
import { cacheTags } from '../policies/cache-tags';
import { commentLimitMessage, DUPLICATE_WINDOW_MS } from '../policies/comment-policy';
import { renderCommentMarkdown } from '../policies/markdown';
import {
  banMessage,
  commentsOpenNow,
  isBanned,
  judgeComment,
  NEW_ACCOUNT_MS,
  type Judgement,
} from '../policies/moderation-policy';
import { notifyNewComment, notifyQueue } from './notifications';
import { canModerate } from '../policies/permissions';
import type { CurrentUser } from '../server/session';

export type PostedComment = {
  id: number;
  postId: number;
  slug: string;
  parentId: number | null;
  judgement: Judgement;
  href: string;
};

/**
 * The checks and the write of a new comment, in one transaction: one statement reads the post, the
 * parent, the author's recent comments and standing (getCommentChecks), the rules decide, and the
 * comment is written, and where it lands is counted (commentLocation: from the thread counted last,
 * usually a few index entries). Its text is rendered before: the write lock, which the server's other
 * processes wait for, is held for the database work alone. The refusals, in the order a reader meets
 * them, are sentences for the form.
 */
export async function postComment({
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
}): Promise<{ refusal: string } | PostedComment> {
  const bodyHtml = renderCommentMarkdown(body).html;
  const written = await inCommentTransaction(
    user.id,
    async (): Promise<{ refusal: string } | Pick<PostedComment, 'id' | 'slug' | 'judgement' | 'href'>> => {
      const checks = await getCommentChecks({
        postId,
        parentId,
        authorId: user.id,
        markdown: body,
        now,
        duplicateWindowMs: DUPLICATE_WINDOW_MS,
      });
      if (isBanned(user, now)) return { refusal: banMessage(user) };
      const { post } = checks;
      if (!post) return { refusal: 'This post cannot be commented on.' };
      const rules = await getModerationRules();
      if (!commentsOpenNow(post, now, rules)) {
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
      const { id } = await insertComment({
        postId,
        parentId,
        authorId: user.id,
        markdown: body,
        bodyHtml,
        status: held ? 'pending' : 'visible',
        heldReason: held ? judgement.code : null,
      });
      // Counted on the connection that just wrote (its pages are fresh), from the thread counted last.
      const viewer = { userId: user.id, moderates: false };
      const { href } = await commentLocation({ postId, slug: post.slug, commentId: id, viewer });
      return { id, slug: post.slug, judgement, href };
    },
  );
  if ('refusal' in written) return written;
  return { ...written, postId, parentId };
}

/**
 * Where a write's consequences run: in a server action or route handler, Next's updateTag (or an
 * immediate revalidateTag) and after(); in the front door's answers (lib/server/comment-door.ts),
 * invalidateNow and a task queued after the answer.
 */
export type Settle = {
  invalidate: (tags: string[]) => void | Promise<void>;
  later: (task: () => unknown) => void;
};

/**
 * After a comment is written: tells the moderators about a held one, or drops the cached pages that
 * show it (its post's pages, and the lists with comment counts) and emails the person answered, the
 * post's followers and its author (lib/services/notifications.ts). Resolves once the pages are dropped.
 */
export async function settleNewComment(posted: PostedComment, { invalidate, later }: Settle): Promise<void> {
  const { id, judgement } = posted;
  if (judgement.verdict === 'hold') {
    // Not on the page, but in its author's and the moderators' viewer answers.
    await invalidate([cacheTags.viewers(posted.postId)]);
    later(() => notifyQueue(id, judgement.reason));
    return;
  }
  // Its post's pages and the listings' comment counts; not every list of posts (cache-tags.ts).
  await invalidate([cacheTags.post(posted.slug), cacheTags.commentCounts]);
  later(() => notifyNewComment(id));
}
