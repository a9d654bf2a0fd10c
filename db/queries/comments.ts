import 'server-only';
import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { buildCommentTree, commentPageHref, pageOfComment } from '@/lib/comment-tree';
import { renderCommentMarkdown } from '@/lib/markdown';
import { getDb } from '../client';
import { commentLikes, commentReports, comments, posts, users, type CommentStatus, type ReportReason } from '../schema';

export type PublicComment = {
  id: number;
  parentId: number | null;
  /** 'removed': by a moderator; 'held': waiting for approval (shown only to its author and moderators). */
  status: 'visible' | 'deleted' | 'removed' | 'held';
  likeCount: number;
  authorId: string | null;
  authorName: string;
  authorHandle: string | null;
  authorImage: string | null;
  /** Empty when this viewer may not read it (someone else's removed comment, a deleted one). */
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  removedReason: string | null;
  heldReason: string | null;
};

/** Who is looking: everyone (the cached page), or a signed-in reader, perhaps a moderator. */
export type CommentViewer = { userId: string; moderates: boolean } | null;

/**
 * The comments of a post as this viewer may see them, oldest first, as a flat list (threads are
 * built by lib/comment-tree). Everyone sees visible comments, "[deleted]" placeholders and
 * "removed by a moderator" placeholders without their text. A comment's author also sees their own
 * removed and held comments; moderators see every comment's text.
 */
export function listCommentsForViewer({ postId, viewer }: { postId: number; viewer: CommentViewer }): PublicComment[] {
  const statuses: CommentStatus[] = viewer
    ? ['visible', 'deleted', 'removed', 'pending']
    : ['visible', 'deleted', 'removed'];
  return getDb()
    .select({
      id: comments.id,
      parentId: comments.parentId,
      status: comments.status,
      likeCount: sql<number>`(select count(*) from ${commentLikes} where ${commentLikes.commentId} = ${comments.id})`,
      authorId: comments.authorId,
      userName: users.name,
      authorHandle: users.handle,
      authorImage: users.image,
      importedName: comments.authorName,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
      removedReason: comments.removedReason,
      heldReason: comments.heldReason,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.postId, postId), inArray(comments.status, statuses)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all()
    .flatMap(({ userName, importedName, status, ...row }) => {
      const own = viewer !== null && row.authorId !== null && row.authorId === viewer.userId;
      const readable = own || (viewer?.moderates ?? false);
      if (status === 'pending' && !readable) return [];
      const hidden = status === 'deleted' || (status === 'removed' && !readable);
      const name = userName ?? row.authorHandle ?? importedName ?? 'deleted user';
      return [
        {
          ...row,
          status: status === 'pending' ? ('held' as const) : status,
          likeCount: Number(row.likeCount),
          bodyHtml: hidden ? '' : row.bodyHtml,
          authorId: hidden ? null : row.authorId,
          authorName: hidden ? '' : name,
          authorHandle: hidden ? null : row.authorHandle,
          authorImage: hidden ? null : row.authorImage,
          removedReason: readable ? row.removedReason : null,
          heldReason: readable ? row.heldReason : null,
        },
      ];
    });
}

/** The comments everyone sees: what the cached post page shows. */
export function listVisibleComments({ postId }: { postId: number }): PublicComment[] {
  return listCommentsForViewer({ postId, viewer: null });
}

export type NewCommentInput = {
  postId: number;
  markdown: string;
  authorId?: string | null;
  authorName?: string | null;
  parentId?: number | null;
  status?: CommentStatus;
  heldReason?: string | null;
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
      heldReason: input.heldReason ?? null,
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

/** Whether a user has a comment that is (or was approved and is) public: the "first comment" rule's test. */
export function hasApprovedComment({ authorId }: { authorId: string }): boolean {
  return (
    getDb()
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.authorId, authorId), eq(comments.status, 'visible')))
      .limit(1)
      .get() !== undefined
  );
}

/** Where a comment is shown to a viewer: its post's comment page and anchor (page 1 when it is not shown). */
export function commentLocation({
  postId,
  slug,
  commentId,
  viewer = null,
}: {
  postId: number;
  slug: string;
  commentId: number;
  viewer?: CommentViewer;
}) {
  const page = pageOfComment(buildCommentTree(listCommentsForViewer({ postId, viewer })), commentId);
  return { shown: page !== null, href: `${commentPageHref(slug, page ?? 1)}#comment-${commentId}` };
}
