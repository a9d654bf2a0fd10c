import 'server-only';
import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { changedRows, getDb, preparedStatements, write } from '../client';
import { commentEmails, comments, postFollows, posts, users } from '../tables';

// Following a post's comments by email, and when each person was last emailed about a post's
// comments (storage only; who is emailed is lib/policies/comment-emails.ts).

export async function followPost({ userId, postId }: { userId: string; postId: number }): Promise<void> {
  await write((db) => db.insert(postFollows).values({ userId, postId }).onConflictDoNothing());
}

export async function unfollowPost({ userId, postId }: { userId: string; postId: number }): Promise<void> {
  await write((db) =>
    db.delete(postFollows).where(and(eq(postFollows.userId, userId), eq(postFollows.postId, postId))),
  );
}

// Asked by every signed-in post view (the viewer request): prepared once per connection.
const followingStatement = preparedStatements((db) =>
  db
    .select({ postId: postFollows.postId })
    .from(postFollows)
    .where(and(eq(postFollows.userId, sql.placeholder('userId')), eq(postFollows.postId, sql.placeholder('postId'))))
    .prepare(),
);

export async function isFollowingPost({ userId, postId }: { userId: string; postId: number }): Promise<boolean> {
  return (await followingStatement().execute({ userId, postId }))[0] !== undefined;
}

// The three reads below run after every accepted comment (lib/services/notifications.ts): prepared
// once per connection, as building a query each call cost more than running it.
const emailStatements = preparedStatements((db) => {
  const parents = alias(comments, 'parent');
  const parentAuthors = alias(users, 'parent_author');
  const postAuthors = alias(users, 'post_author');
  return {
    followers: db
      .select({ userId: users.id, email: users.email })
      .from(postFollows)
      .innerJoin(users, eq(users.id, postFollows.userId))
      .where(eq(postFollows.postId, sql.placeholder('postId')))
      .prepare(),
    comment: db
      .select({
        id: comments.id,
        postId: comments.postId,
        authorId: comments.authorId,
        body: comments.bodyMarkdown,
        authorName: users.name,
        authorHandle: users.handle,
        postSlug: posts.slug,
        postTitle: posts.title,
        postStatus: posts.status,
        repliedToId: parentAuthors.id,
        repliedToEmail: parentAuthors.email,
        repliedToWants: parentAuthors.notifyReplies,
        postAuthorId: postAuthors.id,
        postAuthorEmail: postAuthors.email,
        postAuthorWants: postAuthors.notifyPostComments,
      })
      .from(comments)
      .innerJoin(posts, eq(posts.id, comments.postId))
      .innerJoin(postAuthors, eq(postAuthors.id, posts.authorId))
      .leftJoin(users, eq(users.id, comments.authorId))
      .leftJoin(parents, and(eq(parents.id, comments.parentId), eq(parents.status, 'visible')))
      .leftJoin(parentAuthors, eq(parentAuthors.id, parents.authorId))
      .where(and(eq(comments.id, sql.placeholder('commentId')), eq(comments.status, 'visible')))
      .prepare(),
  };
});

/** The followers of a post, with their addresses. */
export async function listPostFollowers({
  postId,
}: {
  postId: number;
}): Promise<{ userId: string; email: string | null }[]> {
  return emailStatements().followers.execute({ postId });
}

/** The posts a reader follows, newest follow first (for the account page). */
export async function listFollowedPosts({
  userId,
}: {
  userId: string;
}): Promise<{ postId: number; slug: string; title: string }[]> {
  return getDb()
    .select({ postId: posts.id, slug: posts.slug, title: posts.title })
    .from(postFollows)
    .innerJoin(posts, eq(posts.id, postFollows.postId))
    .where(and(eq(postFollows.userId, userId), eq(posts.status, 'published')))
    .orderBy(desc(postFollows.createdAt));
}

/**
 * A visible comment with what its emails need: its post, its author's name, the author of the
 * comment it replies to (if that one is visible too), and the post's author, each with their
 * address and email settings. Null when the comment is not visible.
 */
export async function getCommentForEmails({ commentId }: { commentId: number }) {
  return (await emailStatements().comment.execute({ commentId }))[0] ?? null;
}

/** When each of these people was last emailed about this post's comments, and the last comment named. */
export async function getCommentEmailState({
  postId,
  userIds,
}: {
  postId: number;
  userIds: string[];
}): Promise<Map<string, { sentAt: Date; lastCommentId: number }>> {
  if (userIds.length === 0) return new Map();
  const rows = await getDb()
    .select()
    .from(commentEmails)
    .where(and(eq(commentEmails.postId, postId), inArray(commentEmails.userId, userIds)));
  return new Map(rows.map((row) => [row.userId, { sentAt: row.sentAt, lastCommentId: row.lastCommentId }]));
}

export type CommentEmailState = { sentAt: Date; lastCommentId: number };

/** One person's email about one comment on a post: `previous` is their row as it was read (or none). */
export type CommentEmailSlot = {
  userId: string;
  postId: number;
  commentId: number;
  now: Date;
  previous: CommentEmailState | null;
};

/** Records an email sent about this comment (a reply's); the last comment named never goes backwards. */
export async function recordCommentEmail({
  userId,
  postId,
  commentId,
  now = new Date(),
}: {
  userId: string;
  postId: number;
  commentId: number;
  now?: Date;
}): Promise<void> {
  await write((db) =>
    db
      .insert(commentEmails)
      .values({ userId, postId, sentAt: now, lastCommentId: commentId })
      .onConflictDoUpdate({
        target: [commentEmails.userId, commentEmails.postId],
        set: { sentAt: now, lastCommentId: commentId },
        setWhere: lt(commentEmails.lastCommentId, commentId),
      }),
  );
}

/**
 * Takes this person's email about the post's comments before it is sent: written only while their
 * row is still what the caller read (`previous`, or none), so of two comments arriving at once, one
 * emails them and the other waits for the next email. True when taken.
 */
export async function claimCommentEmail({
  userId,
  postId,
  commentId,
  now,
  previous,
}: CommentEmailSlot): Promise<boolean> {
  const result = await write((db) =>
    db
      .insert(commentEmails)
      .values({ userId, postId, sentAt: now, lastCommentId: commentId })
      .onConflictDoUpdate({
        target: [commentEmails.userId, commentEmails.postId],
        set: { sentAt: now, lastCommentId: commentId },
        setWhere: previous
          ? and(eq(commentEmails.sentAt, previous.sentAt), eq(commentEmails.lastCommentId, previous.lastCommentId))
          : sql`1 = 0`,
      }),
  );
  return changedRows(result) === 1;
}

/** Gives a claimed email back when it could not be sent: the person's row is as it was (if nothing took it since). */
export async function releaseCommentEmail({
  userId,
  postId,
  commentId,
  now,
  previous,
}: CommentEmailSlot): Promise<void> {
  const claimed = and(
    eq(commentEmails.userId, userId),
    eq(commentEmails.postId, postId),
    eq(commentEmails.sentAt, now),
    eq(commentEmails.lastCommentId, commentId),
  );
  await write((db) =>
    previous ? db.update(commentEmails).set(previous).where(claimed) : db.delete(commentEmails).where(claimed),
  );
}

/**
 * Visible comments on a post between `afterId` and `beforeId` (oldest first), not written by
 * `exceptAuthor`: what a throttled person was not emailed about, listed in their next email.
 */
export async function listCommentsAfter({
  postId,
  afterId,
  exceptAuthor,
  beforeId,
  limit,
}: {
  postId: number;
  afterId: number;
  exceptAuthor: string;
  beforeId: number;
  limit: number;
}): Promise<{ id: number; body: string; authorName: string | null; authorHandle: string | null }[]> {
  return getDb()
    .select({ id: comments.id, body: comments.bodyMarkdown, authorName: users.name, authorHandle: users.handle })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(
      and(
        eq(comments.postId, postId),
        eq(comments.status, 'visible'),
        gt(comments.id, afterId),
        lt(comments.id, beforeId),
        or(isNull(comments.authorId), ne(comments.authorId, exceptAuthor)),
      ),
    )
    .orderBy(asc(comments.id))
    .limit(limit);
}
