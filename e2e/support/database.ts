import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { openSql, type TestSql } from './sql';

/** The data folder of the server the running test talks to (one per Playwright project). */
export function dataDir(): string {
  const port = new URL(test.info().project.use.baseURL!).port;
  return join(import.meta.dirname, '..', `.data-${port}`);
}

/** The PostgreSQL server the test's server is on (playwright.config.ts), or '' for SQLite. */
const postgresServer = (): string => String(test.info().project.metadata?.postgresUrl ?? '');

/** The database the test server runs on (made fresh for each run by scripts/e2e-server.mjs). */
export function testDatabaseUrl(): string {
  const server = postgresServer();
  if (!server) return `file:${join(dataDir(), 'quire.db')}`;
  const url = new URL(server);
  url.pathname = `/quire_e2e_${new URL(test.info().project.use.baseURL!).port}`;
  return url.toString();
}

/** The test server's database, for setting up a state or checking what no page shows (see TestSql). */
export function openTestDatabase(): TestSql {
  return openSql(testDatabaseUrl(), { readonly: false });
}

/** A moment as a parameter of the test server's database: milliseconds on SQLite, a Date on PostgreSQL. */
export function at(ms: number): number | Date {
  return postgresServer() ? new Date(ms) : ms;
}

/** The machine-local secret Quire's own tools use to ask the server to drop cached pages. */
export function internalSecret(): string {
  return readFileSync(join(dataDir(), 'internal-secret'), 'utf8').trim();
}

/** Asks the server to drop the cached pages with these tags, as Quire's own tools do after a write. */
export async function refreshCache(request: import('@playwright/test').APIRequestContext, tags: string[]) {
  const response = await request.post('/api/internal/revalidate', {
    headers: { Authorization: `Bearer ${internalSecret()}` },
    data: { tags },
  });
  if (response.status() !== 200) throw new Error(`The cache refresh was refused: ${response.status()}`);
}
