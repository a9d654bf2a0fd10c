import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { changedRows, getDb, lockFor, namedRow, preparedStatements, write } from '../client';
import { isTrue, onPostgres, timeParam, timeValue } from '../dialect';
import { commentLikes, commentReports, comments, posts, users, type CommentStatus, type ReportReason } from '../tables';

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

/** What a comment card shows, read with the comment's author (left join on users). */
export const commentCardColumns = {
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
};

/** The name a comment is shown under: the account's, its handle, an imported commenter's, or none left. */
export function commentAuthorName(row: {
  userName: string | null;
  authorHandle: string | null;
  importedName: string | null;
}) {
  return row.userName ?? row.authorHandle ?? row.importedName ?? 'deleted user';
}

/**
 * The comments of a post as this viewer may see them, oldest first, as a flat list (threads are
 * built by lib/policies/comment-tree.ts). Everyone sees visible comments, "[deleted]" placeholders and
 * "removed by a moderator" placeholders without their text. A comment's author also sees their own
 * removed and held comments; moderators see every comment's text.
 */
export async function listCommentsForViewer({
  postId,
  viewer,
}: {
  postId: number;
  viewer: CommentViewer;
}): Promise<PublicComment[]> {
  const statuses: CommentStatus[] = viewer
    ? ['visible', 'deleted', 'removed', 'pending']
    : ['visible', 'deleted', 'removed'];
  const rows = await getDb()
    .select({
      id: comments.id,
      parentId: comments.parentId,
      status: comments.status,
      likeCount:
        sql<number>`(select count(*) from ${commentLikes} where ${commentLikes.commentId} = ${comments.id})`.mapWith(
          Number,
        ),
      ...commentCardColumns,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.postId, postId), inArray(comments.status, statuses)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  return rows.flatMap(({ userName, importedName, status, ...row }) => {
    const own = viewer !== null && row.authorId !== null && row.authorId === viewer.userId;
    const readable = own || (viewer?.moderates ?? false);
    if (status === 'pending' && !readable) return [];
    const hidden = status === 'deleted' || (status === 'removed' && !readable);
    const name = commentAuthorName({ userName, importedName, authorHandle: row.authorHandle });
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
export async function listVisibleComments({ postId }: { postId: number }): Promise<PublicComment[]> {
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

/**
 * The insert of a new comment, prepared once per connection: compiling it (with the table's triggers,
 * see comment_thread_versions) on every comment cost more than running it. Its date is the column's default.
 */
const insertStatement = preparedStatements((db) =>
  db
    .insert(comments)
    .values({
      postId: sql.placeholder('postId'),
      parentId: sql.placeholder('parentId'),
      authorId: sql.placeholder('authorId'),
      authorName: sql.placeholder('authorName'),
      bodyMarkdown: sql.placeholder('bodyMarkdown'),
      bodyHtml: sql.placeholder('bodyHtml'),
      status: sql.placeholder('status'),
      heldReason: sql.placeholder('heldReason'),
    })
    .returning({ id: comments.id })
    .prepare(),
);

/** Inserts a comment with its body rendered by lib (lib/services/comments.ts createComment, comment-posting.ts postComment). */
export async function insertComment(input: NewCommentInput & { bodyHtml: string }): Promise<{ id: number }> {
  const values = {
    postId: input.postId,
    parentId: input.parentId ?? null,
    authorId: input.authorId ?? null,
    authorName: input.authorName ?? null,
    bodyMarkdown: input.markdown,
    bodyHtml: input.bodyHtml,
    status: input.status ?? 'visible',
    heldReason: input.heldReason ?? null,
  };
  const [row] = await write(async (db) =>
    input.createdAt
      ? db
          .insert(comments)
          .values({ ...values, createdAt: input.createdAt })
          .returning({ id: comments.id })
      : insertStatement().execute(values),
  );
  return row!;
}

/**
 * Runs a new comment's checks and write as one transaction, taken for writing from the start: the
 * limits read and the insert cannot interleave with another writer (the command-line tools), and
 * no read lock has to be upgraded midway. A thrown refusal or error (a rejected `work`) rolls it
 * back. `work` does database work only (render the comment before): the write lock is held while it runs.
 */
export async function inCommentTransaction<T>(authorId: string, work: () => Promise<T>): Promise<T> {
  return write(async (db) => {
    // PostgreSQL runs writers side by side: one author's comments are checked and written one at a time.
    await lockFor(db, `comment:${authorId}`);
    return work();
  });
}

/** Everything the comment action checks before writing, from one statement: see getCommentChecks. */
export type CommentChecks = {
  /** Null when the post is missing or unpublished. */
  post: { id: number; slug: string; commentsOpen: boolean; publishedAt: Date | null } | null;
  /** False when the comment replied to is gone or no longer visible (always true for a top-level comment). */
  parentVisible: boolean;
  /** The author's comments in the last minute and the last day (any status), the rate limits' input. */
  lastMinute: number;
  lastDay: number;
  /** The author posted this same text within the duplicate window. */
  duplicate: boolean;
  /** The author has a visible comment: the "first comment" hold rule's test. */
  hasApprovedComment: boolean;
};

/**
 * The post, the parent, the author's recent comments and their standing, for a new comment: one
 * statement of primary-key lookups and one range of the (author_id, created_at) index (at most a
 * day's comments, which the daily limit keeps small). Counts every status, like countCommentsSince.
 */
export async function getCommentChecks({
  postId,
  parentId,
  authorId,
  markdown,
  now,
  duplicateWindowMs,
}: {
  postId: number;
  parentId: number | null;
  authorId: string;
  markdown: string;
  now: Date;
  duplicateWindowMs: number;
}): Promise<CommentChecks> {
  const time = now.getTime();
  const row = (await namedRow<{
    id: number | null;
    slug: string | null;
    commentsOpen: number | boolean | null;
    publishedAt: number | Date | null;
    parentVisible: number | boolean;
    lastMinute: number;
    lastDay: number;
    duplicate: number | boolean;
    hasApprovedComment: number | boolean;
  }>(checksStatement, {
    post: postId,
    parent: parentId,
    author: authorId,
    markdown,
    day: timeParam(time - 86_400_000),
    minute: timeParam(time - 60_000),
    duplicateSince: timeParam(time - duplicateWindowMs),
  }))!;
  return {
    post:
      row.id !== null && row.slug !== null
        ? {
            id: row.id,
            slug: row.slug,
            commentsOpen: isTrue(row.commentsOpen),
            publishedAt: timeValue(row.publishedAt),
          }
        : null,
    parentVisible: isTrue(row.parentVisible),
    lastMinute: row.lastMinute,
    lastDay: row.lastDay,
    duplicate: isTrue(row.duplicate),
    hasApprovedComment: isTrue(row.hasApprovedComment),
  };
}

// Portable SQL (see namedRow): counts cast to integer, truth values read with isTrue.
const checksStatement = `
  with recent as (
    select created_at, body_markdown from comments where author_id = :author and created_at >= :day
  )
  select p.id, p.slug, p.comments_open as "commentsOpen", p.published_at as "publishedAt",
    (cast(:parent as integer) is null or exists (
      select 1 from comments where id = :parent and post_id = :post and status = 'visible'
    )) as "parentVisible",
    (select cast(count(*) as integer) from recent where created_at >= :minute) as "lastMinute",
    (select cast(count(*) as integer) from recent) as "lastDay",
    exists (select 1 from recent where created_at >= :duplicateSince and body_markdown = :markdown) as duplicate,
    exists (select 1 from comments where author_id = :author and status = 'visible') as "hasApprovedComment"
  from (select 1 as one) as one left join posts p on p.id = :post and p.status = 'published' and p.kind = 'post'`;

/** A comment with what the actions need to check and invalidate. */
export async function getCommentForAction({ id }: { id: number }) {
  const [row] = await getDb()
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
    .limit(1);
  return row ?? null;
}

/** Replaces a comment's text with an edit rendered by lib, and marks it edited. */
export async function setCommentBody({
  id,
  markdown,
  bodyHtml,
  now,
}: {
  id: number;
  markdown: string;
  bodyHtml: string;
  now: Date;
}): Promise<void> {
  await write((db) =>
    db.update(comments).set({ bodyMarkdown: markdown, bodyHtml, editedAt: now }).where(eq(comments.id, id)),
  );
}

/** The author's deletion: the text is gone; threads show "[deleted]" while replies hang from it. */
export async function deleteOwnComment({ id }: { id: number }): Promise<void> {
  await write((db) =>
    db.update(comments).set({ status: 'deleted', bodyMarkdown: '', bodyHtml: '' }).where(eq(comments.id, id)),
  );
}

/** Likes or unlikes; returns whether the user now likes the comment. */
export async function toggleCommentLike({
  commentId,
  userId,
}: {
  commentId: number;
  userId: string;
}): Promise<boolean> {
  return write(async (tx) => {
    // On PostgreSQL two clicks at once would both find nothing to remove and both insert (the second
    // failing on the key): one toggle at a time per reader and comment, as SQLite's single writer does.
    await lockFor(tx, `like:${commentId}:${userId}`);
    const removed = await tx
      .delete(commentLikes)
      .where(and(eq(commentLikes.commentId, commentId), eq(commentLikes.userId, userId)));
    if (changedRows(removed) > 0) return false;
    await tx.insert(commentLikes).values({ commentId, userId });
    return true;
  });
}

export async function reportComment(input: {
  commentId: number;
  userId: string;
  reason: ReportReason;
  details: string;
}): Promise<'reported' | 'already-reported'> {
  const result = await write((db) => db.insert(commentReports).values(input).onConflictDoNothing());
  return changedRows(result) > 0 ? 'reported' : 'already-reported';
}

/**
 * How many comment threads come before a comment's thread for this viewer, or null when the viewer
 * is not shown it: the index buildCommentTree + pageOfComment would find in the whole thread list,
 * worked out by SQLite instead of loading the thread (lib/services/comments.ts turns it into a page).
 * First the comment's top-level ancestor (a walk up the parent chain), then how many threads start
 * before it on the (post, status, created) index. A thread starts at a shown comment whose parent is
 * not shown before it, and a deleted comment counts only while a shown, undeleted reply hangs below
 * it (lib/policies/comment-tree.ts prunes the rest); `maxDepth` is the tree's MAX_THREAD_DEPTH.
 */
export async function countThreadsBeforeComment({
  postId,
  commentId,
  viewer,
  maxDepth,
}: {
  postId: number;
  commentId: number;
  viewer: CommentViewer;
  maxDepth: number;
}): Promise<number | null> {
  const params = {
    post: postId,
    comment: commentId,
    viewer: viewer?.userId ?? null,
    moderates: viewer?.moderates ? 1 : 0,
    maxDepth,
  };
  if (onPostgres) {
    const row = (await namedRow<LocationRow>(locationStatement, params))!;
    return isTrue(row.live) && row.before !== null ? row.before : null;
  }
  const counted = threadCounts().get(postId);
  if (counted && !viewer?.moderates) {
    const row = (await namedRow<AppendedRow>(appendedLocationStatement, {
      post: postId,
      comment: commentId,
      viewer: params.viewer,
      fromCreated: counted.createdAt,
      fromId: counted.id,
    }))!;
    // A visible top-level comment after the thread counted last, nothing changed before it, and no
    // held or deleted comment of the viewer's or in between: its threads are those counted plus those after.
    if (
      row.threadId !== null &&
      row.status === 'visible' &&
      row.parentId === null &&
      (row.version ?? 0) === counted.version &&
      row.ownPending === 0 &&
      row.deletedBetween === 0 &&
      isTrue(row.countedThere) &&
      isAfter(row, counted)
    ) {
      return noteThreads(postId, { ...row, live: 1 }, counted.threads + (row.before ?? 0), viewer);
    }
  }
  const row = (await namedRow<SqliteLocationRow>(sqliteLocationStatement, params))!;
  return noteThreads(postId, row, row.before, viewer);
}

type LocationRow = { live: number | boolean | null; before: number | null };
type SqliteLocationRow = LocationRow & {
  threadCreatedAt: number | null;
  threadId: number | null;
  version: number | null;
  ownPending: number;
};
type AppendedRow = SqliteLocationRow & {
  status: string | null;
  parentId: number | null;
  deletedBetween: number;
  countedThere: number;
};

/**
 * Per post, the threads everyone is shown up to and including one thread (its start's date and id),
 * counted while the post's comment_thread_versions number (migration 0016) was `version`: until that
 * number changes, only comments after that thread can add threads, so where a new comment at the end
 * lands is counted from there instead of from the post's first comment. SQLite only (see the migration).
 * Kept per connection: a database opened afresh (a restore, a test's) starts with none.
 */
type CountedThreads = { version: number; createdAt: number; id: number; threads: number };
const threadCountsOf = new WeakMap<object, Map<number, CountedThreads>>();
function threadCounts(): Map<number, CountedThreads> {
  const client = getDb().$client;
  let counts = threadCountsOf.get(client);
  if (!counts) threadCountsOf.set(client, (counts = new Map()));
  return counts;
}
const MAX_COUNTED_POSTS = 1000;

const isAfter = (row: SqliteLocationRow, key: { createdAt: number; id: number }) =>
  row.threadCreatedAt !== null &&
  row.threadId !== null &&
  (row.threadCreatedAt > key.createdAt || (row.threadCreatedAt === key.createdAt && row.threadId > key.id));

/**
 * The answer for a location row, `before` threads before the comment's thread; keeps the count for the
 * next comment when this viewer is shown what everyone is (no moderator, no held comment of theirs
 * on the post), so that the count is everyone's.
 */
function noteThreads(
  postId: number,
  row: SqliteLocationRow,
  before: number | null,
  viewer: CommentViewer = null,
): number | null {
  if (!isTrue(row.live) || before === null) return null;
  if (!viewer?.moderates && row.ownPending === 0 && row.threadCreatedAt !== null && row.threadId !== null) {
    const version = row.version ?? 0;
    const counts = threadCounts();
    const counted = counts.get(postId);
    if (!counted || counted.version !== version || isAfter(row, counted)) {
      counts.delete(postId);
      if (counts.size >= MAX_COUNTED_POSTS) counts.delete(counts.keys().next().value!);
      counts.set(postId, { version, createdAt: row.threadCreatedAt, id: row.threadId, threads: before + 1 });
    }
  }
  return before;
}

/** The statuses listCommentsForViewer shows this viewer, for the comments row `alias`. */
const shownTo = (alias: string) =>
  `(${alias}.status in ('visible', 'deleted', 'removed') or (${alias}.status = 'pending' and (:moderates = 1 or ${alias}.author_id = cast(:viewer as text))))`;

// For the comments row `c`: it starts a thread (no shown parent before it; a deleted one only while
// kept) and comes before the thread of interest. Counted in one pass over the post's rows of the
// (post_id, status, created_at) index: counted apart, held comments went by the (status, created_at)
// index, through every held comment of the site. A top-level comment skips the parent lookup.
const startsThreadBefore = `c.created_at <= thread.created_at and (c.created_at, c.id) < (thread.created_at, thread.id)
  and (c.parent_id is null or not exists (
    select 1 from comments p where p.id = c.parent_id and ${shownTo('p')} and (p.created_at, p.id) < (c.created_at, c.id)
  ))
  and (c.status != 'deleted' or c.id in (select id from kept))`;

/** The viewer's held comments on the post. */
const viewerPending = `(select count(*) from comments o
      where o.post_id = :post and o.status = 'pending' and o.author_id = cast(:viewer as text))`;

/**
 * The location statement; `sqlite` adds the thread's date and id, the post's comment_thread_versions
 * number and the viewer's held comments on the post, for the count kept (threadCounts).
 */
function locationStatementFor(sqlite: boolean) {
  return `
  with recursive
    up(id, parent_id, created_at, status, depth) as (
      select c.id, c.parent_id, c.created_at, c.status, 0 from comments c
      where c.id = :comment and c.post_id = :post and ${shownTo('c')}
      union all
      select c.id, c.parent_id, c.created_at, c.status, up.depth + 1 from comments c join up on c.id = up.parent_id
      where c.post_id = :post and ${shownTo('c')} and (c.created_at, c.id) < (up.created_at, up.id)
    ),
    thread as (select id, created_at from up order by depth desc limit 1),
    -- Deleted comments that keep their place, walked down from the post's (few) deleted ones.
    below(top, id, created_at, status) as (
      select d.id, d.id, d.created_at, d.status from comments d where d.post_id = :post and d.status = 'deleted'
      union all
      select below.top, c.id, c.created_at, c.status from comments c join below on c.parent_id = below.id
      where ${shownTo('c')} and (c.created_at, c.id) > (below.created_at, below.id)
    ),
    kept(id) as (select distinct top from below where status != 'deleted')
  select
    -- A deleted comment folded below the deepest level never keeps its place: its replies hang
    -- from the ancestor it was folded into (see buildCommentTree).
    (select status != 'deleted' or (id in (select id from kept) and (select max(depth) from up) < :maxDepth)
      from up where depth = 0) as live,
    cast((select count(*) from comments c, thread
      where c.post_id = :post and c.status in ('visible', 'deleted', 'removed', 'pending')
        and (c.status != 'pending' or :moderates = 1 or c.author_id = cast(:viewer as text))
        and ${startsThreadBefore}) as integer) as before${
          sqlite
            ? `,
    (select created_at from thread) as "threadCreatedAt",
    (select id from thread) as "threadId",
    (select version from comment_thread_versions where post_id = :post) as version,
    ${viewerPending} as "ownPending"`
            : ''
        }`;
}

const locationStatement = locationStatementFor(false);
const sqliteLocationStatement = locationStatementFor(true);

// For a comment at the end of its post (see countThreadsBeforeComment): the comment itself, and the
// threads that start after (:fromCreated, :fromId) and before it, from the same index range. A deleted
// comment in between is only counted (the caller then counts the whole post, where `kept` decides).
const appendedLocationStatement = `
  select t.created_at as "threadCreatedAt", t.id as "threadId", t.status, t.parent_id as "parentId",
    (select version from comment_thread_versions where post_id = :post) as version,
    ${viewerPending} as "ownPending",
    cast((select count(*) from comments c
      where c.post_id = :post and c.status in ('visible', 'removed') and c.created_at >= :fromCreated
        and c.created_at <= t.created_at and (c.created_at, c.id) > (:fromCreated, :fromId)
        and (c.created_at, c.id) < (t.created_at, t.id)
        and (c.parent_id is null or not exists (
          select 1 from comments p where p.id = c.parent_id and p.status in ('visible', 'deleted', 'removed')
            and (p.created_at, p.id) < (c.created_at, c.id)
        ))) as integer) as before,
    cast((select count(*) from comments d
      where d.post_id = :post and d.status = 'deleted' and d.created_at >= :fromCreated
        and d.created_at <= t.created_at and (d.created_at, d.id) > (:fromCreated, :fromId)) as integer) as "deletedBetween",
    -- The thread counted last is still there (a count noted in a transaction that was then undone is not).
    exists (select 1 from comments k where k.id = :fromId and k.post_id = :post and k.created_at = :fromCreated
      and k.status = 'visible') as "countedThere"
  from comments t where t.id = :comment and t.post_id = :post`;
