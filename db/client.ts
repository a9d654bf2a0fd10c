import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { databasePath } from '@/lib/server/env';
import * as schema from './schema';

export type QuireDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDatabase(path: string): QuireDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets readers go on while a comment is written; busy_timeout makes a second writer
  // (the CLI, a backup) wait instead of failing with SQLITE_BUSY.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Gathers planner statistics where they are missing or stale, as SQLite advises for long-lived connections.
  sqlite.pragma('optimize = 0x10002');
  const db = drizzle(sqlite, { schema }) as QuireDatabase;
  // Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting its turn as
  // busy_timeout allows. A deferred one that read first and then wrote failed at once with
  // SQLITE_BUSY when another connection had written meanwhile (no wait can cure that: its snapshot
  // is old), as happened with several server processes on one file (WEB_CONCURRENCY).
  const transaction = db.transaction.bind(db);
  db.transaction = ((work, config) => transaction(work, { behavior: 'immediate', ...config })) as typeof db.transaction;
  return db;
}

const globalForDb = globalThis as unknown as { quireDb?: QuireDatabase };

/**
 * The process-wide connection, opened on first use (not at import) so `next build` never
 * creates a database file. Kept on globalThis so hot reload in development reuses the handle.
 */
export function getDb(): QuireDatabase {
  globalForDb.quireDb ??= openDatabase(databasePath());
  return globalForDb.quireDb;
}

/** Lets tests and scripts point every query at a database of their own. */
export function setDb(db: QuireDatabase): void {
  globalForDb.quireDb = db;
}

/**
 * Statements prepared once per connection, for queries run on every request: drizzle builds their SQL
 * and SQLite compiles it on first use only (building a query each call cost about 0.1–0.25 ms, more
 * than running it). Returns the statements of the current connection.
 */
export function preparedStatements<T>(build: (db: QuireDatabase) => T): () => T {
  const byConnection = new WeakMap<QuireDatabase, T>();
  return () => {
    const db = getDb();
    let found = byConnection.get(db);
    if (!found) byConnection.set(db, (found = build(db)));
    return found;
  };
}
