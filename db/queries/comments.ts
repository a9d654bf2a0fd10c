import 'server-only';
import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { buildCommentTree, commentPageHref, pageOfComment } from '@/lib/comment-tree';
import { renderCommentMarkdown } from '@/lib/markdown';
import { getDb } from '../client';
import { commentLikes, commentReports, comments, posts, users, type CommentStatus, type ReportReason } from '../schema';

export type PublicComment = {
  id: number;
  parentId: number | null;
  status: 'visible' | 'deleted';
  likeCount: number;
  authorName: string;
  authorHandle: string | null;
  authorImage: string | null;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
};

/**
 * The comments readers may see on a post, oldest first, as a flat list (threads are built by
 * lib/comment-tree). Deleted comments come without their text, for "[deleted]" placeholders.
 */
export function listVisibleComments({ postId }: { postId: number }): PublicComment[] {
  return getDb()
    .select({
      id: comments.id,
      parentId: comments.parentId,
      status: comments.status,
      likeCount: sql<number>`(select count(*) from ${commentLikes} where ${commentLikes.commentId} = ${comments.id})`,
      userName: users.name,
      authorHandle: users.handle,
      authorImage: users.image,
      importedName: comments.authorName,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.postId, postId), inArray(comments.status, ['visible', 'deleted'])))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all()
    .map(({ userName, importedName, status, ...row }) => {
      const deleted = status === 'deleted';
      return {
        ...row,
        status: deleted ? ('deleted' as const) : ('visible' as const),
        likeCount: Number(row.likeCount),
        bodyHtml: deleted ? '' : row.bodyHtml,
        authorName: deleted ? '' : (userName ?? row.authorHandle ?? importedName ?? 'deleted user'),
        authorHandle: deleted ? null : row.authorHandle,
        authorImage: deleted ? null : row.authorImage,
      };
    });
}

export type NewCommentInput = {
  postId: number;
  markdown: string;
  authorId?: string | null;
  authorName?: string | null;
  parentId?: number | null;
  status?: CommentStatus;
  createdAt?: Date;
};

export function createComment(input: NewCommentInput): { id: number } {
  const rendered = renderCommentMarkdown(input.markdown);
  return getDb()
    .insert(comments)
    .values({
      postId: input.postId,
      parentId: input.parentId ?? null,
      authorId: input.authorId ?? null,
      authorName: input.authorName ?? null,
      bodyMarkdown: input.markdown,
      bodyHtml: rendered.html,
      status: input.status ?? 'visible',
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    })
    .returning({ id: comments.id })
    .get();
}

/** How many comments a user wrote since a moment: the rate limits' input. */
export function countCommentsSince({ authorId, since }: { authorId: string; since: Date }): number {
  return (
    getDb()
      .select({ total: count() })
      .from(comments)
      .where(and(eq(comments.authorId, authorId), gte(comments.createdAt, since)))
      .get()?.total ?? 0
  );
}

export function hasRecentDuplicate({ authorId, markdown, since }: { authorId: string; markdown: string; since: Date }) {
  return (
    getDb()
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.authorId, authorId), gte(comments.createdAt, since), eq(comments.bodyMarkdown, markdown)))
      .get() !== undefined
  );
}

/** A visible comment of this post, to reply to. */
export function getVisibleComment({ id, postId }: { id: number; postId: number }) {
  return (
    getDb()
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.id, id), eq(comments.postId, postId), eq(comments.status, 'visible')))
      .get() ?? null
  );
}

/** A comment with what the actions need to check and invalidate. */
export function getCommentForAction({ id }: { id: number }) {
  return (
    getDb()
      .select({
        id: comments.id,
        postId: comments.postId,
        authorId: comments.authorId,
        status: comments.status,
        createdAt: comments.createdAt,
        postSlug: posts.slug,
      })
      .from(comments)
      .innerJoin(posts, eq(posts.id, comments.postId))
      .where(eq(comments.id, id))
      .get() ?? null
  );
}

export function updateCommentBody({ id, markdown, now = new Date() }: { id: number; markdown: string; now?: Date }) {
  const rendered = renderCommentMarkdown(markdown);
  getDb()
    .update(comments)
    .set({ bodyMarkdown: markdown, bodyHtml: rendered.html, editedAt: now })
    .where(eq(comments.id, id))
    .run();
}

/** The author's deletion: the text is gone; threads show "[deleted]" while replies hang from it. */
export function deleteOwnComment({ id }: { id: number }) {
  getDb().update(comments).set({ status: 'deleted', bodyMarkdown: '', bodyHtml: '' }).where(eq(comments.id, id)).run();
}

/** Likes or unlikes; returns whether the user now likes the comment. */
export function toggleCommentLike({ commentId, userId }: { commentId: number; userId: string }): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    const removed = tx
      .delete(commentLikes)
      .where(and(eq(commentLikes.commentId, commentId), eq(commentLikes.userId, userId)))
      .run();
    if (removed.changes > 0) return false;
    tx.insert(commentLikes).values({ commentId, userId }).run();
    return true;
  });
}

export function reportComment(input: {
  commentId: number;
  userId: string;
  reason: ReportReason;
  details: string;
}): 'reported' | 'already-reported' {
  const result = getDb().insert(commentReports).values(input).onConflictDoNothing().run();
  return result.changes > 0 ? 'reported' : 'already-reported';
}

/** What one reader has done to a post's comments: shown as button states on their page. */
export function getReaderCommentState({ postId, userId }: { postId: number; userId: string }) {
  const db = getDb();
  const liked = db
    .select({ id: commentLikes.commentId })
    .from(commentLikes)
    .innerJoin(comments, eq(comments.id, commentLikes.commentId))
    .where(and(eq(commentLikes.userId, userId), eq(comments.postId, postId)))
    .all();
  const reported = db
    .select({ id: commentReports.commentId })
    .from(commentReports)
    .innerJoin(comments, eq(comments.id, commentReports.commentId))
    .where(and(eq(commentReports.userId, userId), eq(comments.postId, postId)))
    .all();
  const own = db
    .select({ id: comments.id, createdAt: comments.createdAt, markdown: comments.bodyMarkdown })
    .from(comments)
    .where(and(eq(comments.authorId, userId), eq(comments.postId, postId), eq(comments.status, 'visible')))
    .all();
  return {
    liked: new Set(liked.map((row) => row.id)),
    reported: new Set(reported.map((row) => row.id)),
    own: new Map(own.map((row) => [row.id, { createdAt: row.createdAt, markdown: row.markdown }])),
  };
}

/** Where a comment is shown: its post's comment page and anchor (page 1 when it is not shown). */
export function commentLocation({ postId, slug, commentId }: { postId: number; slug: string; commentId: number }) {
  const page = pageOfComment(buildCommentTree(listVisibleComments({ postId })), commentId);
  return { shown: page !== null, href: `${commentPageHref(slug, page ?? 1)}#comment-${commentId}` };
}
