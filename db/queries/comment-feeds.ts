import 'server-only';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { getDb } from '../client';
import { comments, posts, users } from '../tables';
import { commentAuthorName } from './comments';
import { isPublished, isPublishedLookup } from './posts';

export type FeedComment = {
  id: number;
  postSlug: string;
  postTitle: string;
  authorName: string;
  /** Sanitised when the comment was saved. */
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
};

/**
 * The newest visible comments on published posts, newest first: site-wide, or on one post. Held,
 * removed and deleted comments never appear, nor comments on drafts, scheduled or trashed posts.
 */
export async function listFeedComments({ postId, limit }: { postId?: number; limit: number }): Promise<FeedComment[]> {
  const conditions: SQL[] = [eq(comments.status, 'visible'), isPublishedLookup];
  if (postId !== undefined) conditions.push(eq(comments.postId, postId));
  const rows = await getDb()
    .select({
      id: comments.id,
      postSlug: posts.slug,
      postTitle: posts.title,
      userName: users.name,
      authorHandle: users.handle,
      importedName: comments.authorName,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(...conditions))
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(limit);
  return rows.map(({ userName, authorHandle, importedName, ...row }) => ({
    ...row,
    authorName: commentAuthorName({ userName, authorHandle, importedName }),
  }));
}

/** A published post's id and title by slug, for its comments feed; null for any other post. */
export async function getPublishedPostForFeed({ slug }: { slug: string }) {
  const [post] = await getDb()
    .select({ id: posts.id, slug: posts.slug, title: posts.title })
    .from(posts)
    .where(and(eq(posts.slug, slug), isPublished))
    .limit(1);
  return post ?? null;
}
