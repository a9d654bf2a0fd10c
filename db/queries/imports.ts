import 'server-only';
import { and, desc, eq, inArray, notExists, sql } from 'drizzle-orm';
import { getDb, type QuireDatabase } from '../client';
import {
  comments,
  importItems,
  importJobs,
  labels,
  postLabels,
  postRedirects,
  posts,
  users,
  type ImportJobStatus,
  type ImportKind,
  type Post,
} from '../schema';
import { ensureLabel, type LabelRef, type Transaction } from './posts';
import { isHandleTaken } from './users';

// Bookkeeping of imports: which local row each item of another platform became, and the jobs the
// dashboard's import page runs.

export type ImportItem = typeof importItems.$inferSelect;
type Writer = Transaction | QuireDatabase;

export function findImportItem(
  tx: Writer,
  key: { source: string; kind: ImportKind; externalId: string },
): ImportItem | null {
  return (
    tx
      .select()
      .from(importItems)
      .where(
        and(
          eq(importItems.source, key.source),
          eq(importItems.kind, key.kind),
          eq(importItems.externalId, key.externalId),
        ),
      )
      .get() ?? null
  );
}

export function recordImportItem(
  tx: Writer,
  item: Pick<ImportItem, 'source' | 'kind' | 'externalId' | 'localId' | 'checksum'> & { localVersion?: number | null },
): void {
  tx.insert(importItems)
    .values(item)
    .onConflictDoUpdate({
      target: [importItems.source, importItems.kind, importItems.externalId],
      set: { localId: item.localId, checksum: item.checksum, localVersion: item.localVersion ?? null },
    })
    .run();
}

export function deleteImportItem(tx: Writer, key: { source: string; kind: ImportKind; externalId: string }): void {
  tx.delete(importItems)
    .where(
      and(
        eq(importItems.source, key.source),
        eq(importItems.kind, key.kind),
        eq(importItems.externalId, key.externalId),
      ),
    )
    .run();
}

export type ImportJob = typeof importJobs.$inferSelect;

export function createImportJob(input: { id: string; fileName: string; startedBy: string }): void {
  getDb().insert(importJobs).values(input).run();
}

export function updateImportJob(
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
): void {
  getDb().update(importJobs).set(values).where(eq(importJobs.id, id)).run();
}

export function getImportJob({ id }: { id: string }): ImportJob | null {
  return getDb().select().from(importJobs).where(eq(importJobs.id, id)).get() ?? null;
}

export function listImportJobs({ limit = 10 }: { limit?: number } = {}): ImportJob[] {
  return getDb().select().from(importJobs).orderBy(desc(importJobs.createdAt)).limit(limit).all();
}

/** Jobs a stopped server left running: they can never finish, so they are marked failed at start. */
export function failInterruptedImportJobs(now = new Date()): number {
  return getDb()
    .update(importJobs)
    .set({
      status: 'failed',
      error:
        'The server stopped during this import. What it had written is kept; run the same file again to finish it (nothing is created twice).',
      finishedAt: now,
    })
    .where(eq(importJobs.status, 'running'))
    .run().changes;
}

// The statements of lib/services/import/apply.ts. Each takes the batch's transaction: the importer
// decides, these only read and write.

/** Runs one batch of the import as one transaction: all of it or none of it. */
export function inImportBatch<T>(work: (tx: Transaction) => T): T {
  return getDb().transaction((tx) => work(tx));
}

export function findUserIdByEmail(tx: Transaction, email: string): string | null {
  return tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? null;
}

export function userExists(tx: Transaction, id: string): boolean {
  return tx.select({ id: users.id }).from(users).where(eq(users.id, id)).get() !== undefined;
}

export function getAccountHandleAndRole(tx: Transaction, id: string) {
  return tx.select({ handle: users.handle, role: users.role }).from(users).where(eq(users.id, id)).get() ?? null;
}

/** A new author account without a password, with the free handle `chooseHandle` picks (lib's rule). */
export function insertImportedAuthor(
  tx: Transaction,
  input: { name: string; email: string | null; chooseHandle: (isTaken: (handle: string) => boolean) => string },
): { id: string; handle: string } {
  return tx
    .insert(users)
    .values({
      name: input.name,
      email: input.email,
      // isHandleTaken reads on the same connection as tx (better-sqlite3 is synchronous): inside it.
      handle: input.chooseHandle(isHandleTaken),
      role: 'author',
      passwordHash: null,
    })
    .returning({ id: users.id, handle: users.handle })
    .get();
}

export function getAccountByEmail(tx: Transaction, email: string): { id: string; handle: string } | null {
  return tx.select({ id: users.id, handle: users.handle }).from(users).where(eq(users.email, email)).get() ?? null;
}

export function getPostRow(tx: Transaction, id: number): Post | null {
  return tx.select().from(posts).where(eq(posts.id, id)).get() ?? null;
}

export function listPostLabelIds(tx: Transaction, postId: number): number[] {
  return tx
    .select({ id: postLabels.labelId })
    .from(postLabels)
    .where(eq(postLabels.postId, postId))
    .all()
    .map((row) => row.id);
}

export function isPostSlugTaken(tx: Transaction, slug: string): boolean {
  return tx.select({ id: posts.id }).from(posts).where(eq(posts.slug, slug)).get() !== undefined;
}

export type ImportedPostValues = Omit<typeof posts.$inferInsert, 'id' | 'slug' | 'authorId'>;

export function updateImportedPost(tx: Transaction, id: number, values: ImportedPostValues): void {
  tx.update(posts).set(values).where(eq(posts.id, id)).run();
}

export function insertImportedPost(
  tx: Transaction,
  values: ImportedPostValues & { slug: string; authorId: string },
): { id: number; version: number } {
  return tx.insert(posts).values(values).returning({ id: posts.id, version: posts.version }).get();
}

/** Replaces a post's labels; answers the ids of the labels this created. */
export function replaceImportedPostLabels(tx: Transaction, postId: number, postLabelRefs: LabelRef[]): number[] {
  const created: number[] = [];
  tx.delete(postLabels).where(eq(postLabels.postId, postId)).run();
  for (const label of postLabelRefs) {
    const before =
      tx
        .select({ count: sql<number>`max(id)` })
        .from(labels)
        .get()?.count ?? 0;
    const labelId = ensureLabel(tx, label);
    if (labelId > before) created.push(labelId);
    tx.insert(postLabels).values({ postId, labelId }).onConflictDoNothing().run();
  }
  return created;
}

/** Points an old address at the post unless it already leads somewhere; answers whether it was added. */
export function addRedirectIfFree(tx: Transaction, path: string, postId: number): boolean {
  const existing = tx
    .select({ postId: postRedirects.postId })
    .from(postRedirects)
    .where(eq(postRedirects.path, path))
    .get();
  if (existing) return false;
  tx.insert(postRedirects).values({ path, postId }).run();
  return true;
}

export function commentExists(tx: Transaction, id: number): boolean {
  return tx.select({ id: comments.id }).from(comments).where(eq(comments.id, id)).get() !== undefined;
}

export function updateImportedCommentBody(
  tx: Transaction,
  id: number,
  body: { bodyMarkdown: string; bodyHtml: string },
): void {
  tx.update(comments).set(body).where(eq(comments.id, id)).run();
}

export function insertImportedComment(tx: Transaction, values: Omit<typeof comments.$inferInsert, 'id'>): number {
  return tx.insert(comments).values(values).returning({ id: comments.id }).get().id;
}

/** The post an old address redirects to, or the post at `/posts/<slug>`. */
export function findPostIdByOldPath({ path, slug }: { path: string; slug: string | null }): number | null {
  const db = getDb();
  const redirect = db
    .select({ postId: postRedirects.postId })
    .from(postRedirects)
    .where(eq(postRedirects.path, path))
    .get();
  if (redirect) return redirect.postId;
  return slug ? (db.select({ id: posts.id }).from(posts).where(eq(posts.slug, slug)).get()?.id ?? null) : null;
}

/** What one import run wrote, so a failure can take it back. */
export type ImportUndo = {
  posts: number[];
  comments: number[];
  users: string[];
  labels: number[];
  redirects: string[];
  items: { source: string; kind: ImportKind; externalId: string }[];
  updatedPosts: { row: Post; labelIds: number[] }[];
};

/** Takes back everything an import run wrote (after a failed batch), in one transaction. */
export function undoImport(undo: ImportUndo): void {
  getDb().transaction((tx) => {
    if (undo.comments.length) tx.delete(comments).where(inArray(comments.id, undo.comments)).run();
    for (const { row, labelIds } of undo.updatedPosts.reverse()) {
      tx.update(posts).set(row).where(eq(posts.id, row.id)).run();
      tx.delete(postLabels).where(eq(postLabels.postId, row.id)).run();
      for (const labelId of labelIds)
        tx.insert(postLabels).values({ postId: row.id, labelId }).onConflictDoNothing().run();
    }
    if (undo.redirects.length) tx.delete(postRedirects).where(inArray(postRedirects.path, undo.redirects)).run();
    if (undo.posts.length) tx.delete(posts).where(inArray(posts.id, undo.posts)).run();
    if (undo.users.length) tx.delete(users).where(inArray(users.id, undo.users)).run();
    if (undo.labels.length) {
      tx.delete(labels)
        .where(
          and(
            inArray(labels.id, undo.labels),
            notExists(tx.select().from(postLabels).where(eq(postLabels.labelId, labels.id))),
          ),
        )
        .run();
    }
    for (const key of undo.items) deleteImportItem(tx, key);
  });
}
