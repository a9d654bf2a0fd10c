import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

// Online backup and checked restore of the SQLite database, with better-sqlite3's backup API.

/** Tables every Quire database has; a file without them is not a Quire backup. */
const requiredTables = ['__drizzle_migrations', 'users', 'posts', 'comments', 'settings'];

export type BackupCheck =
  { ok: true; counts: { posts: number; comments: number; users: number } } | { ok: false; problem: string };

/** Whether a file is an intact Quire database: SQLite's own integrity check, then Quire's tables. */
export function checkBackup(path: string): BackupCheck {
  if (!existsSync(path)) return { ok: false, problem: `There is no file at ${path}.` };
  if (statSync(path).size === 0) return { ok: false, problem: 'The file is empty.' };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
      return { ok: false, problem: `The file is damaged: ${integrity.map((row) => row.integrity_check).join('; ')}` };
    }
    const tables = new Set(
      (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
        (row) => row.name,
      ),
    );
    const missing = requiredTables.filter((table) => !tables.has(table));
    if (missing.length > 0) return { ok: false, problem: `This is not a Quire database (no ${missing.join(', ')}).` };
    const count = (table: string) => (db!.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { ok: true, counts: { posts: count('posts'), comments: count('comments'), users: count('users') } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `The file cannot be read as a database (${message}).` };
  } finally {
    db?.close();
  }
}

/**
 * Copies the live database to `destination` while the server keeps reading and writing. All pages
 * are copied in one backup step under one read transaction (WAL lets writers go on meanwhile), so
 * the copy is exactly the database at one moment: everything committed before the backup began is
 * in it. Written beside the destination, checked, then renamed into place.
 */
export async function backupDatabase(sourcePath: string, destination: string): Promise<BackupCheck> {
  const temporary = `${destination}.${process.pid}.partial`;
  rmSync(temporary, { force: true });
  const source = new Database(sourcePath, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(temporary, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  // The copy keeps the live file's WAL mode: made a plain single file, it leaves no -wal/-shm
  // companions beside the backup when it is opened to be checked (or later, anywhere).
  const copy = new Database(temporary);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  const check = checkBackup(temporary);
  if (!check.ok) {
    rmSync(temporary, { force: true });
    return check;
  }
  renameSync(temporary, destination);
  return check;
}

/**
 * Replaces the live database's contents with a checked backup, through SQLite's backup API (page
 * by page under SQLite's locks, so a running server's connection sees the restored data, never a
 * half-written file). A damaged or foreign file is refused before anything is touched.
 */
export async function restoreDatabase(backupPath: string, livePath: string): Promise<BackupCheck> {
  const check = checkBackup(backupPath);
  if (!check.ok) return check;
  const backup = new Database(backupPath, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(livePath, { progress: () => 0x7fffffff });
  } finally {
    backup.close();
  }
  return checkBackup(livePath);
}
