import 'server-only';
import { and, count, countDistinct, desc, eq, gte, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ModerationRules } from '@/lib/policies/moderation-policy';
import { changedRows, getDb, preparedStatements, write, type QuireDatabase } from '../client';
import {
  commentReports,
  comments,
  moderationLog,
  posts,
  settings,
  users,
  type CommentStatus,
  type ModerationAction,
  type ModerationLogEntry,
  type Role,
} from '../tables';
import { pageCount, type Page } from './posts';
import { deleteUserWithoutPosts, isStillAdmin, setUserRoleById } from './users';
import { containsText } from '../dialect';

// Moderation reads and writes. Who may call them is decided in lib/services/moderation.ts.

const RULES_KEY = 'moderation_rules';

// Read on every comment and every signed-in post view: prepared once per connection.
const rulesStatement = preparedStatements((db) =>
  db.select({ value: settings.value }).from(settings).where(eq(settings.key, RULES_KEY)).prepare(),
);

/** The moderation rules as stored (JSON text), or null when no admin saved any; lib/services/moderation-rules.ts reads them. */
export async function getStoredModerationRules(): Promise<string | null> {
  return (await rulesStatement().execute())[0]?.value ?? null;
}

export async function saveModerationRules(tx: QuireDatabase, rules: ModerationRules): Promise<void> {
  const value = JSON.stringify(rules);
  await tx
    .insert(settings)
    .values({ key: RULES_KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } });
}

export type Actor = { id: string | null; name: string };

export async function writeLog(
  tx: QuireDatabase,
  entry: {
    actor: Actor;
    action: ModerationAction;
    commentId?: number | null;
    targetUserId?: string | null;
    targetName?: string | null;
    reason?: string;
    details?: string;
    /** Only the demo seed backdates its history; every real entry is stamped by the database. */
    createdAt?: Date;
  },
): Promise<void> {
  await tx.insert(moderationLog).values({
    ...(entry.createdAt ? { createdAt: entry.createdAt } : {}),
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    commentId: entry.commentId ?? null,
    targetUserId: entry.targetUserId ?? null,
    targetName: entry.targetName ?? null,
    reason: entry.reason ?? '',
    details: entry.details ?? '',
  });
}

export const queueTabs = ['reported', 'held', 'removed', 'all'] as const;
export type QueueTab = (typeof queueTabs)[number];

export type QueueFilters = { text?: string; author?: string; post?: string; from?: Date; to?: Date };

export type QueueReport = { reason: string; details: string; reporterName: string };

export type QueueItem = {
  id: number;
  status: string;
  heldReason: string | null;
  removedReason: string | null;
  bodyHtml: string;
  createdAt: Date;
  post: { id: number; slug: string; title: string };
  author: {
    id: string | null;
    name: string;
    handle: string | null;
    bannedUntil: Date | null;
    comments: number;
    removals: number;
    bans: number;
  };
  reports: QueueReport[];
};

const openReports =
  sql<number>`(select count(distinct ${commentReports.userId}) from ${commentReports} where ${commentReports.commentId} = ${comments.id} and ${commentReports.resolvedAt} is null)`.mapWith(
    Number,
  );

function tabCondition(tab: QueueTab): SQL | undefined {
  switch (tab) {
    case 'reported':
      return sql`${openReports} > 0`;
    case 'held':
      return eq(comments.status, 'pending');
    case 'removed':
      return eq(comments.status, 'removed');
    case 'all':
      return ne(comments.status, 'deleted');
  }
}

function filterConditions(filters: QueueFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.text) conditions.push(containsText(comments.bodyMarkdown, filters.text));
  if (filters.author) {
    const author = filters.author;
    conditions.push(
      or(...[users.name, users.handle, comments.authorName].map((column) => containsText(column, author)))!,
    );
  }
  if (filters.post) {
    const post = filters.post;
    conditions.push(or(...[posts.title, posts.slug].map((column) => containsText(column, post)))!);
  }
  if (filters.from) conditions.push(gte(comments.createdAt, filters.from));
  if (filters.to) conditions.push(lte(comments.createdAt, filters.to));
  return conditions;
}

/** One tab of the moderation queue, with each author's history and each comment's open reports. */
export async function listQueue({
  tab,
  filters = {},
  page,
  perPage,
}: {
  tab: QueueTab;
  filters?: QueueFilters;
  page: number;
  perPage: number;
}): Promise<Page<QueueItem>> {
  const db = getDb();
  const where = and(tabCondition(tab), ...filterConditions(filters));
  const base = db
    .select({
      id: comments.id,
      status: comments.status,
      heldReason: comments.heldReason,
      removedReason: comments.removedReason,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
      postId: posts.id,
      postSlug: posts.slug,
      postTitle: posts.title,
      authorId: comments.authorId,
      authorName: sql<string>`coalesce(${users.name}, ${users.handle}, ${comments.authorName}, 'deleted user')`,
      authorHandle: users.handle,
      bannedUntil: users.bannedUntil,
      reportCount: openReports,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(where);
  const ordered =
    tab === 'reported'
      ? base.orderBy(desc(openReports), desc(comments.createdAt))
      : tab === 'removed'
        ? base.orderBy(desc(sql`coalesce(${comments.removedAt}, ${comments.createdAt})`))
        : base.orderBy(desc(comments.createdAt), desc(comments.id));
  const rows = await ordered.limit(perPage).offset((page - 1) * perPage);
  const [counted] = await db
    .select({ total: count() })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(where);
  const total = counted?.total ?? 0;

  const ids = rows.map((row) => row.id);
  const reports = ids.length
    ? await db
        .select({
          commentId: commentReports.commentId,
          reason: commentReports.reason,
          details: commentReports.details,
          reporterName: sql<string>`coalesce(${users.name}, ${users.handle}, 'deleted user')`,
        })
        .from(commentReports)
        .leftJoin(users, eq(users.id, commentReports.userId))
        .where(and(inArray(commentReports.commentId, ids), isNull(commentReports.resolvedAt)))
    : [];
  const history = await authorHistory(rows.map((row) => row.authorId).filter((id): id is string => id !== null));
  return {
    items: rows.map((row) => ({
      id: row.id,
      status: row.status,
      heldReason: row.heldReason,
      removedReason: row.removedReason,
      bodyHtml: row.bodyHtml,
      createdAt: row.createdAt,
      post: { id: row.postId, slug: row.postSlug, title: row.postTitle },
      author: {
        id: row.authorId,
        name: row.authorName,
        handle: row.authorHandle,
        bannedUntil: row.bannedUntil,
        ...((row.authorId ? history.get(row.authorId) : undefined) ?? { comments: 0, removals: 0, bans: 0 }),
      },
      reports: reports.filter((report) => report.commentId === row.id),
    })),
    total,
    page,
    pageCount: pageCount(total, perPage),
  };
}

/** Comments written, comments removed and bans received, per author. */
export async function authorHistory(
  authorIds: string[],
): Promise<Map<string, { comments: number; removals: number; bans: number }>> {
  const result = new Map<string, { comments: number; removals: number; bans: number }>();
  const unique = [...new Set(authorIds)];
  if (unique.length === 0) return result;
  const db = getDb();
  const written = await db
    .select({
      authorId: comments.authorId,
      total: count(),
      removals: sql<number>`sum(case when ${comments.status} = 'removed' then 1 else 0 end)`.mapWith(Number),
    })
    .from(comments)
    .where(inArray(comments.authorId, unique))
    .groupBy(comments.authorId);
  const bans = await db
    .select({ userId: moderationLog.targetUserId, total: count() })
    .from(moderationLog)
    .where(and(eq(moderationLog.action, 'ban'), inArray(moderationLog.targetUserId, unique)))
    .groupBy(moderationLog.targetUserId);
  for (const id of unique) result.set(id, { comments: 0, removals: 0, bans: 0 });
  for (const row of written) {
    if (row.authorId) Object.assign(result.get(row.authorId)!, { comments: row.total, removals: Number(row.removals) });
  }
  for (const row of bans) if (row.userId) result.get(row.userId)!.bans = row.total;
  return result;
}

/** The numbers on the queue's tabs and beside a moderator's name. */
export async function queueCounts(): Promise<{ reported: number; held: number; removed: number; open: number }> {
  const db = getDb();
  const total = async (query: PromiseLike<{ total: number }[]>) => (await query)[0]?.total ?? 0;
  const reported = await total(
    db
      .select({ total: countDistinct(commentReports.commentId) })
      .from(commentReports)
      .innerJoin(comments, eq(comments.id, commentReports.commentId))
      .where(and(isNull(commentReports.resolvedAt), ne(comments.status, 'deleted'))),
  );
  const held = await total(db.select({ total: count() }).from(comments).where(eq(comments.status, 'pending')));
  const removed = await total(db.select({ total: count() }).from(comments).where(eq(comments.status, 'removed')));
  const heldAndReported = await total(
    db
      .select({ total: countDistinct(commentReports.commentId) })
      .from(commentReports)
      .innerJoin(comments, eq(comments.id, commentReports.commentId))
      .where(and(isNull(commentReports.resolvedAt), eq(comments.status, 'pending'))),
  );
  return { reported, held, removed, open: reported + held - heldAndReported };
}

export type ModeratedComment = {
  id: number;
  postId: number;
  postSlug: string;
  status: string;
  heldReason: string | null;
  parentId: number | null;
  authorId: string | null;
  authorName: string;
};

export async function getCommentsForModeration(ids: number[]): Promise<ModeratedComment[]> {
  if (ids.length === 0) return [];
  return getDb()
    .select({
      id: comments.id,
      postId: comments.postId,
      postSlug: posts.slug,
      status: comments.status,
      heldReason: comments.heldReason,
      parentId: comments.parentId,
      authorId: comments.authorId,
      authorName: sql<string>`coalesce(${users.name}, ${users.handle}, ${comments.authorName}, 'deleted user')`,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(inArray(comments.id, ids));
}

export async function resolveReports(tx: QuireDatabase, commentId: number, now: Date): Promise<void> {
  await tx
    .update(commentReports)
    .set({ resolvedAt: now })
    .where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt)));
}

/** Sets a comment's status; with `from`, only while it still has that status. Whether it changed. */
export async function setCommentStatus(
  tx: QuireDatabase,
  commentId: number,
  status: 'visible' | 'pending' | 'removed',
  extra: {
    heldReason?: string | null;
    removedReason?: string | null;
    removedAt?: Date | null;
    from?: CommentStatus;
  } = {},
): Promise<boolean> {
  const result = await tx
    .update(comments)
    .set({
      status,
      heldReason: status === 'pending' ? (extra.heldReason ?? null) : null,
      removedReason: status === 'removed' ? (extra.removedReason ?? '') : null,
      removedAt: status === 'removed' ? (extra.removedAt ?? new Date()) : null,
    })
    .where(and(eq(comments.id, commentId), extra.from ? eq(comments.status, extra.from) : undefined));
  return changedRows(result) > 0;
}

/** Deletes a comment for good; its replies move up to its parent so no one else's words vanish. Whether it was there. */
export async function purgeComment(
  tx: QuireDatabase,
  comment: { id: number; parentId: number | null },
): Promise<boolean> {
  await tx.update(comments).set({ parentId: comment.parentId }).where(eq(comments.parentId, comment.id));
  return changedRows(await tx.delete(comments).where(eq(comments.id, comment.id))) > 0;
}

/** Open reports on a comment from distinct readers. */
export async function countOpenReporters(commentId: number): Promise<number> {
  const [row] = await getDb()
    .select({ total: countDistinct(commentReports.userId) })
    .from(commentReports)
    .where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt)));
  return row?.total ?? 0;
}

/** The posts of a user's visible comments, and the comments, for "remove all their comments". */
export async function visibleCommentsOf(tx: QuireDatabase, userId: string) {
  return tx
    .select({ id: comments.id, postSlug: posts.slug })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(and(eq(comments.authorId, userId), inArray(comments.status, ['visible', 'pending'])));
}

export async function setBan(tx: QuireDatabase, userId: string, until: Date | null, reason: string): Promise<void> {
  await tx.update(users).set({ bannedUntil: until, banReason: reason }).where(eq(users.id, userId));
}

export type LogEntry = Parameters<typeof writeLog>[1];

/**
 * One step of moderation, already decided by lib/services/moderation.ts: a comment's new status,
 * its open reports resolved, or its deletion; or a person's ban. Each carries its log entry.
 */
export type ModerationStep =
  | {
      kind: 'comment';
      commentId: number;
      status?: {
        to: 'visible' | 'pending' | 'removed';
        /**
         * The status the decision was made from: the step is skipped (no change, no log entry) when
         * the comment no longer has it, as when two moderators approve the same comment at once.
         */
        from?: CommentStatus;
        heldReason?: string | null;
        removedReason?: string | null;
        removedAt?: Date | null;
      };
      resolveReportsAt?: Date;
      /** Deletes the comment for good; its replies move up to this parent. */
      purge?: { parentId: number | null };
      log: LogEntry;
    }
  | { kind: 'ban'; userId: string; until: Date | null; reason: string; log: LogEntry };

/**
 * Writes the steps and their log entries in one transaction: all of them or none. A comment step
 * whose comment has moved on since it was decided (another moderator was first) is skipped.
 * Answers the comments the steps changed.
 */
export async function writeModerationSteps(steps: ModerationStep[]): Promise<Set<number>> {
  return write(async (tx) => {
    const changed = new Set<number>();
    for (const step of steps) {
      if (step.kind === 'ban') {
        await setBan(tx, step.userId, step.until, step.reason);
      } else {
        if (step.purge && !(await purgeComment(tx, { id: step.commentId, parentId: step.purge.parentId }))) continue;
        if (step.status && !(await setCommentStatus(tx, step.commentId, step.status.to, step.status))) continue;
        if (step.resolveReportsAt) await resolveReports(tx, step.commentId, step.resolveReportsAt);
        changed.add(step.commentId);
      }
      await writeLog(tx, step.log);
    }
    return changed;
  });
}

/**
 * Bans a person and, when asked, removes their visible and held comments (resolving the reports on
 * them), with one log entry described once the number removed is known; one transaction.
 * Answers the post slug of each comment removed.
 */
export async function banWithLog(input: {
  userId: string;
  until: Date | null;
  reason: string;
  /** When set, their comments are removed at this time. */
  removeCommentsAt: Date | null;
  log: Omit<LogEntry, 'details'>;
  details: (removed: number) => string;
}): Promise<{ removedFrom: string[] }> {
  return write(async (tx) => {
    await setBan(tx, input.userId, input.until, input.reason);
    const removedFrom: string[] = [];
    if (input.removeCommentsAt) {
      for (const comment of await visibleCommentsOf(tx, input.userId)) {
        await setCommentStatus(tx, comment.id, 'removed', {
          removedReason: input.reason,
          removedAt: input.removeCommentsAt,
        });
        await resolveReports(tx, comment.id, input.removeCommentsAt);
        removedFrom.push(comment.postSlug);
      }
    }
    await writeLog(tx, { ...input.log, details: input.details(removedFrom.length) });
    return { removedFrom };
  });
}

/** Saves the graduated rules and logs the change, in one transaction. */
export async function saveModerationRulesWithLog(rules: ModerationRules, log: LogEntry): Promise<void> {
  await write(async (tx) => {
    await saveModerationRules(tx, rules);
    await writeLog(tx, log);
  });
}

/**
 * An admin's change to an account (its role, or deleting it) and its log entry, in one transaction,
 * made only while the admin who asked (the log's actor) is still an admin (see isStillAdmin). The
 * change says whether it was made.
 */
async function asStillAdmin<Refusal extends string>(
  log: LogEntry,
  change: (tx: QuireDatabase) => Promise<'done' | Refusal>,
): Promise<'done' | 'not-admin' | Refusal> {
  return write(async (tx) => {
    if (!log.actor.id || !(await isStillAdmin(tx, log.actor.id))) return 'not-admin';
    const outcome = await change(tx);
    if (outcome === 'done') await writeLog(tx, log);
    return outcome;
  });
}

/** Changes a person's role and logs it, while the admin asking is still one. */
export function setUserRoleWithLog(userId: string, role: Role, log: LogEntry): Promise<'done' | 'not-admin'> {
  return asStillAdmin(log, async (tx) => {
    await setUserRoleById(tx, userId, role);
    return 'done';
  });
}

/** Deletes an account that has written no posts and logs it, while the admin asking is still one. */
export function deleteUserWithLog(userId: string, log: LogEntry): Promise<'done' | 'not-admin' | 'has-posts'> {
  return asStillAdmin(log, async (tx) => ((await deleteUserWithoutPosts(tx, userId)) ? 'done' : 'has-posts'));
}

export async function listModerationLog({
  action,
  actor,
  target,
  page,
  perPage,
}: {
  action?: ModerationAction;
  actor?: string;
  target?: string;
  page: number;
  perPage: number;
}): Promise<Page<ModerationLogEntry>> {
  const db = getDb();
  const conditions: SQL[] = [];
  if (action) conditions.push(eq(moderationLog.action, action));
  if (actor) conditions.push(containsText(moderationLog.actorName, actor));
  if (target) conditions.push(containsText(moderationLog.targetName, target));
  const where = conditions.length ? and(...conditions) : undefined;
  const items = await db
    .select()
    .from(moderationLog)
    .where(where)
    .orderBy(desc(moderationLog.createdAt), desc(moderationLog.id))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const [counted] = await db.select({ total: count() }).from(moderationLog).where(where);
  const total = counted?.total ?? 0;
  return { items, total, page, pageCount: pageCount(total, perPage) };
}

/** The users who get an email when something enters the queue. */
export async function listQueueWatchers(): Promise<{ id: string; email: string; name: string }[]> {
  const rows = await getDb()
    .select({ id: users.id, email: users.email, name: sql<string>`coalesce(${users.name}, ${users.handle})` })
    .from(users)
    .where(and(inArray(users.role, ['moderator', 'admin']), eq(users.notifyQueue, true)));
  return rows.filter((row): row is { id: string; email: string; name: string } => row.email !== null);
}
