import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import Redis from 'ioredis';
import S3rver from 's3rver';
import sharp from 'sharp';
import { startRedisServer } from '../scripts/redis-server.mjs';
import { createPost, editorBody, expectSaved, slugOf, uniqueTitle } from './support/editor';
import {
  browserAgent,
  removeComment,
  signedInAt,
  startScript,
  stopServer,
  visits,
  waitForHealth,
  type RunningServer,
} from './support/own-server';
import { startRoundRobin } from './support/round-robin';
import { freshPostgresDatabase, openSql } from './support/sql';

// Two Quire servers, A and B, as two machines would run them: each its own process with its own
// caches, sharing the database (PostgreSQL when the tests have one, TEST_POSTGRES_URL, as npm test
// does; else a SQLite file), a Redis for their shared pages and cache invalidations (REDIS_URL) and an
// S3-compatible bucket for images, behind a round-robin proxy. This project's port + 40 is the
// proxy (the site's address), + 42 and + 44 the servers, + 46 Redis, + 47 the bucket.

test.describe.configure({ mode: 'serial' });

const slug = 'hello-world';
const bucket = 'quire-two-servers';
let folder: string;
let databaseUrl: string;
let s3Folder: string;
let redis: { url: string; stop(): Promise<void> } | undefined;
let s3: S3rver | undefined;
let proxy: Awaited<ReturnType<typeof startRoundRobin>> | undefined;
const servers: { name: 'A' | 'B'; origin: string; running?: RunningServer }[] = [];
let siteOrigin: string;
let s3Endpoint: string;
let scheduled: { title: string; at: number };

const A = () => servers[0]!;
const B = () => servers[1]!;

function startQuire(server: (typeof servers)[number], port: number, extra: Record<string, string> = {}) {
  server.running = startScript('scripts/server.mjs', {
    PORT: String(port),
    HOSTNAME: 'localhost',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    QUIRE_DATA_DIR: folder,
    SITE_URL: siteOrigin,
    REDIS_URL: redis!.url,
    S3_ENDPOINT: s3Endpoint,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    ...extra,
  });
  return waitForHealth(server.running, server.origin);
}

const signedIn = (browser: Browser, server: (typeof servers)[number], role: 'author' | 'moderator' | 'reader') =>
  signedInAt(browser, { origin: server.origin, folder, role });

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(240_000);
  const base = Number(new URL(testInfo.project.use.baseURL!).port) + 40;
  siteOrigin = `http://localhost:${base}`;
  folder = join(import.meta.dirname, `.data-${base}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const postgres = process.env.TEST_POSTGRES_URL;
  databaseUrl = postgres
    ? await freshPostgresDatabase(postgres, `quire_two_servers_${base}`)
    : `file:${join(folder, 'quire.db')}`;
  s3Folder = join(tmpdir(), `quire-e2e-two-servers-${base}`);
  rmSync(s3Folder, { recursive: true, force: true });

  redis = await startRedisServer({ port: base + 6 });
  s3 = new S3rver({
    address: '127.0.0.1',
    port: base + 7,
    silent: true,
    directory: s3Folder,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  await s3.run();
  s3Endpoint = `http://127.0.0.1:${base + 7}`;
  servers.push(
    { name: 'A', origin: `http://localhost:${base + 2}` },
    { name: 'B', origin: `http://localhost:${base + 4}` },
  );
  proxy = await startRoundRobin(base, [base + 2, base + 4]);

  // A starts first (it makes the database and the demo content), and an author schedules a post
  // there before B starts: both servers then wait for the same moment to publish it.
  await startQuire(A(), base + 2, { SEED_DEMO: '1' });
  const author = await signedIn(browser, A(), 'author');
  const title = uniqueTitle('Published once');
  await createPost(author.page, title, 'Two servers wait for this moment.');
  await author.page.getByRole('button', { name: 'Schedule…' }).click();
  // The next whole minute at least 20 s from now, in the browser's own time zone.
  const when = await author.page.evaluate(() => {
    const at = new Date(Date.now() + 20_000 + 59_999);
    at.setSeconds(0, 0);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
    return { input: local.toISOString().slice(0, 16), at: at.getTime() };
  });
  await author.page.getByLabel('Publish at (your time)').fill(when.input);
  await author.page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(author.page.getByTestId('post-status')).toContainText('Scheduled for');
  await author.context.close();
  scheduled = { title, at: when.at };

  await startQuire(B(), base + 4);
});

test.afterAll(async () => {
  for (const server of servers) await stopServer(server.running);
  await proxy?.close();
  await s3?.close();
  await redis?.stop();
  if (s3Folder) rmSync(s3Folder, { recursive: true, force: true });
});

test('a comment posted through A is on the page B serves next, and a removal through B is gone from A', async ({
  browser,
}) => {
  const path = `/posts/${slug}`;
  // Both servers render and keep the page.
  for (const server of [A(), B()]) {
    await visits(server.origin, path, 2);
    expect((await visits(server.origin, path, 2)).map((answer) => answer.cache)).toEqual(['HIT', 'HIT']);
  }

  const reader = await signedIn(browser, A(), 'reader');
  const text = `Posted through A, read from B ${Date.now()}`;
  await reader.page.goto(path);
  await reader.page.getByRole('textbox', { name: 'Add a comment' }).fill(text);
  await reader.page.getByRole('button', { name: 'Post comment' }).click();
  await expect(reader.page).toHaveURL(/#comment-\d+$/);
  const id = Number(reader.page.url().split('#comment-')[1]);
  const [fromB] = await visits(B().origin, path, 1);
  expect(fromB!.body).toContain(text);
  // A keeps the new page again (pages begun within a second of a write are rendered once more), so
  // the removal below has something to drop there.
  await expect.poll(async () => (await visits(A().origin, path, 1))[0]!.cache, { timeout: 10_000 }).toBe('HIT');

  const moderator = await signedIn(browser, B(), 'moderator');
  await removeComment(moderator.page, path, id);
  const [fromA] = await visits(A().origin, path, 1);
  expect(fromA!.body).not.toContain(text);

  // Through the proxy, whichever server answers, the same.
  for (const answer of await visits(siteOrigin, path, 4)) expect(answer.body).not.toContain(text);
  expect([...proxy!.served.values()].every((count) => count >= 2)).toBe(true);
  await reader.context.close();
  await moderator.context.close();
});

test('a page A rendered is served by B from the pages they share in Redis, without B rendering it', async () => {
  const db = openSql(databaseUrl);
  // A post no test here opens before this one.
  const [post] = await db.all<{ slug: string }>(
    "SELECT slug FROM posts WHERE status = 'published' AND kind = 'post' AND slug != ? ORDER BY id DESC LIMIT 1",
    slug,
  );
  await db.close();
  const path = `/posts/${post!.slug}`;
  const [rendered] = await visits(A().origin, path, 1);
  expect(rendered!.status).toBe(200);
  expect(rendered!.cache).toBe('MISS');
  const [fromB] = await visits(B().origin, path, 1);
  expect(fromB!.cache).toBe('HIT');
  expect(fromB!.body).toBe(rendered!.body);
  expect(fromB!.body).toContain(`/posts/${post!.slug}`);
});

test('views sent to both servers add up exactly', async ({ request }) => {
  const db = openSql(databaseUrl);
  // A post no browser opened in this file: its count moves only with the beacons below.
  const [post] = await db.all<{ id: number }>(
    "SELECT id FROM posts WHERE status = 'published' AND kind = 'post' AND slug != ? ORDER BY id LIMIT 1",
    slug,
  );
  const postId = post!.id;
  const total = async () =>
    (
      await db.all<{ n: number }>(
        'SELECT CAST(COALESCE(SUM(views), 0) AS INTEGER) AS n FROM post_views WHERE post_id = ?',
        postId,
      )
    )[0]!.n;
  const before = await total();
  const beacon = (origin: string) =>
    request.get(`${origin}/api/views/${postId}`, { headers: { 'user-agent': browserAgent } });
  for (let i = 0; i < 7; i++) expect((await beacon(A().origin)).status()).toBe(200);
  for (let i = 0; i < 5; i++) expect((await beacon(B().origin)).status()).toBe(200);
  // Each server writes what it counted within seconds.
  await expect.poll(total, { timeout: 15_000 }).toBe(before + 12);
  await db.close();
});

test('an image uploaded through A is served by B', async ({ browser }) => {
  const author = await signedIn(browser, A(), 'author');
  const title = uniqueTitle('Seen from B');
  await createPost(author.page, title, 'Uploaded to one server.');
  const image = await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();
  await author.page.getByLabel('Upload an image into the post').setInputFiles({
    name: 'roof.png',
    mimeType: 'image/png',
    buffer: image,
  });
  const inEditor = editorBody(author.page).locator('img');
  await expect(inEditor).toHaveAttribute('src', /^\/uploads\/[a-f0-9]{32}-\d+\.webp$/);
  await expectSaved(author.page);
  const src = (await inEditor.getAttribute('src'))!;
  const fromA = await author.page.request.get(`${A().origin}${src}`);
  const fromB = await author.page.request.get(`${B().origin}${src}`);
  expect(fromB.status()).toBe(200);
  expect(fromB.headers()['content-type']).toBe('image/webp');
  expect((await fromB.body()).equals(await fromA.body())).toBe(true);
  await author.context.close();
});

test('a post scheduled while both servers run is published once, and both show it', async () => {
  test.setTimeout(150_000);
  const slugOfPost = slugOf(scheduled.title);
  if (Date.now() < scheduled.at - 3_000) {
    // Both keep the home page from before the moment.
    for (const server of [A(), B()]) {
      await visits(server.origin, '/', 1);
      const [kept] = await visits(server.origin, '/', 1);
      expect(kept!.cache).toBe('HIT');
      expect(kept!.body).not.toContain(scheduled.title);
    }
  }
  await expect
    .poll(async () => (await visits(B().origin, '/', 1))[0]!.body, { timeout: 120_000, intervals: [2_000] })
    .toContain(scheduled.title);
  expect(Date.now()).toBeGreaterThanOrEqual(scheduled.at);
  expect((await visits(A().origin, '/', 1))[0]!.body).toContain(scheduled.title);
  for (const server of [A(), B()])
    expect((await visits(server.origin, `/posts/${slugOfPost}`, 1))[0]!.status).toBe(200);
  // Exactly one of the two published it.
  const published = [A(), B()].map(
    (server) => server.running!.output().match(/Published 1 scheduled post/g)?.length ?? 0,
  );
  expect(published.reduce((sum, count) => sum + count, 0)).toBe(1);
});

test('both servers stop cleanly, and leave Redis', async () => {
  const client = new Redis(redis!.url);
  expect(await client.zcard('quire:members')).toBe(2);
  for (const server of [A(), B()]) {
    expect(await stopServer(server.running)).toBe(0);
    expect(server.running!.output()).toContain('Quire has stopped.');
  }
  expect(await client.zcard('quire:members')).toBe(0);
  client.disconnect();
});
