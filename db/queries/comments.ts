import 'server-only';
import { and, asc, count, eq, gte } from 'drizzle-orm';
import { renderCommentMarkdown } from '@/lib/markdown';
import { getDb } from '../client';
import { comments, users, type CommentStatus } from '../schema';

export type PublicComment = {
  id: number;
  parentId: number | null;
  authorName: string;
  authorHandle: string | null;
  authorImage: string | null;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
};

/** The comments readers may see on a post, oldest first, as a flat list (threads are built by lib/comment-tree). */
export function listVisibleComments({ postId }: { postId: number }): PublicComment[] {
  return getDb()
    .select({
      id: comments.id,
      parentId: comments.parentId,
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
    .where(and(eq(comments.postId, postId), eq(comments.status, 'visible')))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all()
    .map(({ userName, importedName, ...row }) => ({
      ...row,
      authorName: userName ?? row.authorHandle ?? importedName ?? 'deleted user',
    }));
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
