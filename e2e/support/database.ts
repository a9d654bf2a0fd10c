import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const dataDir = join(import.meta.dirname, '..', '.data');

/** The database the test server runs on (made fresh for each run by scripts/e2e-server.mjs). */
export function openTestDatabase(): Database.Database {
  const db = new Database(join(dataDir, 'quire.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The machine-local secret Quire's own tools use to ask the server to drop cached pages. */
export function internalSecret(): string {
  return readFileSync(join(dataDir, 'internal-secret'), 'utf8').trim();
}
