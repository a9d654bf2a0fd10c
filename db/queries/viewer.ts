import 'server-only';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { getDb, preparedStatements } from '../client';
import { commentLikes, commentReports, comments, posts, users } from '../tables';
import { commentAuthorName, commentCardColumns, type PublicComment } from './comments';
import { isPublished } from './posts';

/** A held or removed comment with its text, for a viewer who may read it (its author, a moderator). */
export type HiddenCommentRow = Omit<PublicComment, 'status' | 'likeCount'> & { status: 'held' | 'removed' };

// Run on every signed-in post view (the viewer request): prepared once per connection.
const viewerStatements = preparedStatements((db) => {
  const userId = sql.placeholder('userId');
  const postId = sql.placeholder('postId');
  return {
    own: db
      .select({
        id: comments.id,
        status: comments.status,
        createdAt: comments.createdAt,
        markdown: comments.bodyMarkdown,
      })
      .from(comments)
      .where(
        and(
          eq(comments.authorId, userId),
          eq(comments.postId, postId),
          inArray(comments.status, ['visible', 'pending', 'removed']),
        ),
      )
      .prepare(),
    liked: db
      .select({ id: commentLikes.commentId })
      .from(commentLikes)
      .innerJoin(comments, eq(comments.id, commentLikes.commentId))
      .where(and(eq(commentLikes.userId, userId), eq(comments.postId, postId)))
      .prepare(),
    reported: db
      .select({ id: commentReports.commentId })
      .from(commentReports)
      .innerJoin(comments, eq(comments.id, commentReports.commentId))
      .where(and(eq(commentReports.userId, userId), eq(comments.postId, postId)))
      .prepare(),
    post: db
      .select({
        id: posts.id,
        slug: posts.slug,
        authorId: posts.authorId,
        commentsOpen: posts.commentsOpen,
        publishedAt: posts.publishedAt,
      })
      .from(posts)
      .where(and(eq(posts.id, sql.placeholder('id')), isPublished))
      .prepare(),
  };
});

/**
 * What one viewer has to do with one post's comments: their own comments, the ones they liked or
 * reported, and the held or removed ones whose text they may read (their own; every one for a
 * moderator). Every query is bounded by the viewer's own rows (by index on author, on the liking
 * or reporting user) or by the post's hidden comments, never by the length of the whole thread.
 */
export async function getViewerComments({
  postId,
  userId,
  moderates,
}: {
  postId: number;
  userId: string;
  moderates: boolean;
}) {
  const db = getDb();
  const { own: ownRows, liked: likedRows, reported: reportedRows } = viewerStatements();
  const own = await ownRows.execute({ userId, postId });
  const liked = await likedRows.execute({ userId, postId });
  const reported = await reportedRows.execute({ userId, postId });
  const hiddenOwn = own.filter((row) => row.status !== 'visible').map((row) => row.id);
  const hidden =
    moderates || hiddenOwn.length > 0
      ? await db
          .select({ id: comments.id, parentId: comments.parentId, status: comments.status, ...commentCardColumns })
          .from(comments)
          .leftJoin(users, eq(users.id, comments.authorId))
          .where(
            and(
              eq(comments.postId, postId),
              // By the (post, status) index: a moderator reads every held and removed comment of
              // the post, anyone else only their own.
              moderates
                ? or(eq(comments.status, 'pending'), eq(comments.status, 'removed'))
                : inArray(comments.id, hiddenOwn),
            ),
          )
          .orderBy(comments.createdAt, comments.id)
      : [];
  return {
    own: own.map(({ id, status, createdAt, markdown }) => ({ id, visible: status === 'visible', createdAt, markdown })),
    liked: liked.map((row) => row.id),
    reported: reported.map((row) => row.id),
    hidden: hidden.map(({ userName, importedName, status, ...row }): HiddenCommentRow => ({
      ...row,
      status: status === 'pending' ? 'held' : 'removed',
      authorName: commentAuthorName({ userName, importedName, authorHandle: row.authorHandle }),
    })),
  };
}

/** A published post, with what the viewer's state depends on; null when it is not published. */
export async function getPostForViewer({ id }: { id: number }) {
  const [post] = await viewerStatements().post.execute({ id });
  return post ?? null;
}
