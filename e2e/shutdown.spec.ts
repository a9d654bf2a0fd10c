import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { startScript, stopServer, waitForHealth, type RunningServer } from './support/own-server';

// SIGTERM (a deploy, `systemctl stop`, a container stopping) drains: the views a server holds in
// memory are written before it exits. A production server of its own at this project's port + 10.

let server: RunningServer | undefined;
let data: string;

test.afterAll(async () => {
  await stopServer(server);
  if (data) rmSync(data, { recursive: true, force: true });
});

test('views buffered in memory are in the database after SIGTERM', async ({}, testInfo) => {
  const port = Number(new URL(testInfo.project.use.baseURL!).port) + 10;
  const origin = `http://localhost:${port}`;
  data = mkdtempSync(join(tmpdir(), 'quire-e2e-shutdown-'));
  const databaseFile = join(data, 'quire.db');
  server = startScript('scripts/server.mjs', {
    PORT: String(port),
    HOSTNAME: 'localhost',
    DATABASE_URL: `file:${databaseFile}`,
    SITE_URL: origin,
    SEED_DEMO: '1',
    LOG_LEVEL: 'info',
  });
  await waitForHealth(server, origin);

  const db = new Database(databaseFile, { readonly: true });
  const countViews = (postId: number) =>
    (db.prepare('select coalesce(sum(views), 0) as n from post_views where post_id = ?').get(postId) as { n: number })
      .n;
  try {
    const { id } = db.prepare("select id from posts where status = 'published' order by id limit 1").get() as {
      id: number;
    };
    const before = countViews(id);
    const sent = 6;
    // One after another, as readers' browsers would: the first is written at once, the ones that
    // follow within a second stay in memory (views are written at most once a second).
    for (let i = 0; i < sent; i++) {
      const response = await fetch(`${origin}/api/views/${id}`, {
        headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36' },
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    // Some are still only in memory: otherwise this test would prove nothing about the drain.
    expect(countViews(id)).toBeLessThan(before + sent);

    expect(await stopServer(server)).toBe(0);
    expect(server.output()).toContain('Quire has stopped.');
    expect(countViews(id)).toBe(before + sent);
  } finally {
    db.close();
  }
});
