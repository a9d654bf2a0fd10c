import 'server-only';
import { and, desc, eq, gt, inArray, notExists, sql } from 'drizzle-orm';
import { changedRows, getDb, lockFor, write, type QuireDatabase } from '../client';
import {
  comments,
  importItems,
  importJobs,
  jobLeases,
  labels,
  postLabels,
  postRedirects,
  posts,
  users,
  type ImportJobStatus,
  type ImportKind,
  type Post,
} from '../tables';
import { ensureLabel, type LabelRef, type Transaction } from './posts';
import { isHandleTaken } from './users';

// Bookkeeping of imports: which local row each item of another platform became, and the jobs the
// dashboard's import page runs.

export type ImportItem = typeof importItems.$inferSelect;
type Writer = Transaction | QuireDatabase;

/** The row of one imported item: its source, kind and id there. */
const importItemKey = (key: { source: string; kind: ImportKind; externalId: string }) =>
  and(eq(importItems.source, key.source), eq(importItems.kind, key.kind), eq(importItems.externalId, key.externalId));

export async function findImportItem(
  tx: Writer,
  key: { source: string; kind: ImportKind; externalId: string },
): Promise<ImportItem | null> {
  const [item] = await tx.select().from(importItems).where(importItemKey(key)).limit(1);
  return item ?? null;
}

export async function recordImportItem(
  tx: Writer,
  item: Pick<ImportItem, 'source' | 'kind' | 'externalId' | 'localId' | 'checksum'> & { localVersion?: number | null },
): Promise<void> {
  await tx
    .insert(importItems)
    .values(item)
    .onConflictDoUpdate({
      target: [importItems.source, importItems.kind, importItems.externalId],
      set: { localId: item.localId, checksum: item.checksum, localVersion: item.localVersion ?? null },
    });
}

export async function deleteImportItem(
  tx: Writer,
  key: { source: string; kind: ImportKind; externalId: string },
): Promise<void> {
  await tx.delete(importItems).where(importItemKey(key));
}

export type ImportJob = typeof importJobs.$inferSelect;

export async function createImportJob(input: { id: string; fileName: string; startedBy: string }): Promise<void> {
  await write((db) => db.insert(importJobs).values(input));
}

export async function updateImportJob(
  id: string,
  values: Partial<{
    format: string;
    status: ImportJobStatus;
    done: number;
    total: number;
    report: unknown;
    error: string | null;
    finishedAt: Date;
  }>,
): Promise<void> {
  await write((db) => db.update(importJobs).set(values).where(eq(importJobs.id, id)));
}

export async function getImportJob({ id }: { id: string }): Promise<ImportJob | null> {
  const [job] = await getDb().select().from(importJobs).where(eq(importJobs.id, id)).limit(1);
  return job ?? null;
}

export async function listImportJobs({ limit = 10 }: { limit?: number } = {}): Promise<ImportJob[]> {
  return getDb().select().from(importJobs).orderBy(desc(importJobs.createdAt)).limit(limit);
}

/** Jobs a stopped server left running: they can never finish, so they are marked failed at start. */
/** The lease a running import holds while its server runs it (renewed by lib/services/import/run.ts). */
export const importLeaseName = (jobId: string) => `import:${jobId}`;

/**
 * Marks failed the imports whose server stopped while they ran: running, with their lease run out.
 * One that another app server is running now keeps its lease renewed, and is left alone.
 */
export async function failInterruptedImportJobs(now = new Date()): Promise<number> {
  const result = await write((db) =>
    db
      .update(importJobs)
      .set({
        status: 'failed',
        error:
          'The server stopped during this import. What it had written is kept; run the same file again to finish it (nothing is created twice).',
        finishedAt: now,
      })
      .where(
        and(
          eq(importJobs.status, 'running'),
          notExists(
            db
              .select({ name: jobLeases.name })
              .from(jobLeases)
              .where(and(eq(jobLeases.name, sql`'import:' || ${importJobs.id}`), gt(jobLeases.expiresAt, now))),
          ),
        ),
      ),
  );
  return changedRows(result);
}

// The statements of lib/services/import/apply.ts. Each takes the batch's transaction: the importer
// decides, these only read and write.

/**
 * Runs one batch of the import as one transaction: all of it or none of it. Batches of imports running
 * at once (two admins, two servers) take turns, as SQLite's single writer makes them: each finds what
 * the ones before it recorded, so the same file imported twice at once makes each post once.
 */
export function inImportBatch<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  return write(async (tx) => {
    await lockFor(tx, 'import-batches');
    // Taken now, before the batch locks any row, rather than when it reaches a new account or post:
    // an editor choosing a slug holds 'post-slugs' and may wait for a post this batch has updated,
    // which would make the two wait for each other.
    await lockFor(tx, 'user-handles');
    await lockFor(tx, 'post-slugs');
    return work(tx);
  });
}

export async function findUserIdByEmail(tx: Transaction, email: string): Promise<string | null> {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return user?.id ?? null;
}

export async function userExists(tx: Transaction, id: string): Promise<boolean> {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, id)).limit(1);
  return user !== undefined;
}

export async function getAccountHandleAndRole(tx: Transaction, id: string) {
  const [account] = await tx
    .select({ handle: users.handle, role: users.role })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return account ?? null;
}

/** A new author account without a password, with the free handle `chooseHandle` picks (lib's rule). */
export async function insertImportedAuthor(
  tx: Transaction,
  input: {
    name: string;
    email: string | null;
    chooseHandle: (isTaken: (handle: string) => Promise<boolean>) => Promise<string>;
  },
): Promise<{ id: string; handle: string }> {
  // isHandleTaken reads through getDb(), which inside the batch's write is its transaction.
  await lockFor(tx as QuireDatabase, 'user-handles');
  const handle = await input.chooseHandle(isHandleTaken);
  const [author] = await tx
    .insert(users)
    .values({ name: input.name, email: input.email, handle, role: 'author', passwordHash: null })
    .returning({ id: users.id, handle: users.handle });
  return author!;
}

export async function getAccountByEmail(
  tx: Transaction,
  email: string,
): Promise<{ id: string; handle: string } | null> {
  const [account] = await tx
    .select({ id: users.id, handle: users.handle })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  return account ?? null;
}

export async function getPostRow(tx: Transaction, id: number): Promise<Post | null> {
  const [post] = await tx.select().from(posts).where(eq(posts.id, id)).limit(1);
  return post ?? null;
}

export async function listPostLabelIds(tx: Transaction, postId: number): Promise<number[]> {
  const rows = await tx.select({ id: postLabels.labelId }).from(postLabels).where(eq(postLabels.postId, postId));
  return rows.map((row) => row.id);
}

export type ImportedPostValues = Omit<typeof posts.$inferInsert, 'id' | 'slug' | 'authorId'>;

/**
 * Updates an imported post from a newer export, only while it is still at the version the importer
 * read (an editor's save meanwhile wins); false when it was not.
 */
export async function updateImportedPost(
  tx: Transaction,
  id: number,
  values: ImportedPostValues & { version: number },
): Promise<boolean> {
  const updated = await tx
    .update(posts)
    .set(values)
    .where(and(eq(posts.id, id), eq(posts.version, values.version - 1)))
    .returning({ id: posts.id });
  return updated.length > 0;
}

export async function insertImportedPost(
  tx: Transaction,
  values: ImportedPostValues & { slug: string; authorId: string },
): Promise<{ id: number; version: number }> {
  const [post] = await tx.insert(posts).values(values).returning({ id: posts.id, version: posts.version });
  return post!;
}

/** Replaces a post's labels; answers the ids of the labels this created. */
export async function replaceImportedPostLabels(
  tx: Transaction,
  postId: number,
  postLabelRefs: LabelRef[],
): Promise<number[]> {
  const created: number[] = [];
  await tx.delete(postLabels).where(eq(postLabels.postId, postId));
  for (const label of postLabelRefs) {
    const [newest] = await tx.select({ count: sql<number>`max(id)` }).from(labels);
    const before = newest?.count ?? 0;
    const labelId = await ensureLabel(tx, label);
    if (labelId > before) created.push(labelId);
    await tx.insert(postLabels).values({ postId, labelId }).onConflictDoNothing();
  }
  return created;
}

/** Points an old address at the post unless it already leads somewhere; answers whether it was added. */
export async function addRedirectIfFree(tx: Transaction, path: string, postId: number): Promise<boolean> {
  const added = await tx
    .insert(postRedirects)
    .values({ path, postId })
    .onConflictDoNothing({ target: postRedirects.path });
  return changedRows(added) > 0;
}

export async function commentExists(tx: Transaction, id: number): Promise<boolean> {
  const [comment] = await tx.select({ id: comments.id }).from(comments).where(eq(comments.id, id)).limit(1);
  return comment !== undefined;
}

export async function updateImportedCommentBody(
  tx: Transaction,
  id: number,
  body: { bodyMarkdown: string; bodyHtml: string },
): Promise<void> {
  await tx.update(comments).set(body).where(eq(comments.id, id));
}

export async function insertImportedComment(
  tx: Transaction,
  values: Omit<typeof comments.$inferInsert, 'id'>,
): Promise<number> {
  const [comment] = await tx.insert(comments).values(values).returning({ id: comments.id });
  return comment!.id;
}

/** The post an old address redirects to, or the post at `/posts/<slug>`. */
export async function findPostIdByOldPath({
  path,
  slug,
}: {
  path: string;
  slug: string | null;
}): Promise<number | null> {
  const db = getDb();
  const [redirect] = await db
    .select({ postId: postRedirects.postId })
    .from(postRedirects)
    .where(eq(postRedirects.path, path))
    .limit(1);
  if (redirect) return redirect.postId;
  if (!slug) return null;
  const [post] = await db.select({ id: posts.id }).from(posts).where(eq(posts.slug, slug)).limit(1);
  return post?.id ?? null;
}

/** What one import run wrote, so a failure can take it back. */
export type ImportUndo = {
  posts: number[];
  comments: number[];
  users: string[];
  labels: number[];
  redirects: string[];
  items: { source: string; kind: ImportKind; externalId: string }[];
  /** Each post an update changed: its row, labels and import record as they were before. */
  updatedPosts: { row: Post; labelIds: number[]; item: ImportItem }[];
};

/** Takes back everything an import run wrote (after a failed batch), in one transaction. */
export async function undoImport(undo: ImportUndo): Promise<void> {
  await write(async (tx) => {
    await lockFor(tx, 'import-batches');
    if (undo.comments.length) await tx.delete(comments).where(inArray(comments.id, undo.comments));
    for (const { row, labelIds, item } of undo.updatedPosts.reverse()) {
      // The import's record goes back too, so the next import of the file tries the update again.
      await recordImportItem(tx, item);
      // Only a post still at the version the import gave it: an editor's save since then is kept.
      const restored = await tx
        .update(posts)
        .set(row)
        .where(and(eq(posts.id, row.id), eq(posts.version, row.version + 1)))
        .returning({ id: posts.id });
      if (restored.length === 0) continue;
      await tx.delete(postLabels).where(eq(postLabels.postId, row.id));
      for (const labelId of labelIds)
        await tx.insert(postLabels).values({ postId: row.id, labelId }).onConflictDoNothing();
    }
    if (undo.redirects.length) await tx.delete(postRedirects).where(inArray(postRedirects.path, undo.redirects));
    if (undo.posts.length) await tx.delete(posts).where(inArray(posts.id, undo.posts));
    if (undo.users.length) await tx.delete(users).where(inArray(users.id, undo.users));
    if (undo.labels.length) {
      await tx
        .delete(labels)
        .where(
          and(
            inArray(labels.id, undo.labels),
            notExists(tx.select().from(postLabels).where(eq(postLabels.labelId, labels.id))),
          ),
        );
    }
    for (const key of undo.items) await deleteImportItem(tx, key);
  });
}
