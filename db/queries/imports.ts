import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, type QuireDatabase } from '../client';
import { importItems, importJobs, type ImportJobStatus, type ImportKind } from '../schema';
import type { Transaction } from './posts';

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
