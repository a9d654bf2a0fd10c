import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import {
  removeComment,
  signedInAt,
  startScript,
  stopServer,
  visits as visitsAt,
  waitForHealth,
  type RunningServer,
} from './support/own-server';

// Quire with two server processes on one port (WEB_CONCURRENCY=2): each keeps its own page caches,
// and a write in one must drop what it changed in the other before it answers. A server of its own
// (scripts/e2e-server.mjs, demo content) at this project's port + 20.

test.describe.configure({ mode: 'serial' });

const slug = 'hello-world';
let server: RunningServer | undefined;
let port: number;
let origin: string;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(150_000);
  port = Number(new URL(testInfo.project.use.baseURL!).port) + 20;
  origin = `http://localhost:${port}`;
  server = startScript('scripts/e2e-server.mjs', { E2E_PORT: String(port), WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' });
  await waitForHealth(server, origin);
  // The first process answers before the others have started: the primary says when all listen.
  await expect.poll(() => server!.output(), { timeout: 60_000 }).toContain('(2 processes)');
});

test.afterAll(async () => {
  await stopServer(server);
});

/** The processes that logged a request for this path (JSON request lines carry the process id). */
function processesThatServed(path: string): Set<number> {
  const pids = server!
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"msg":"request"'))
    .map((line) => JSON.parse(line) as { pid: number; path: string })
    .filter((line) => line.path === path)
    .map((line) => line.pid);
  return new Set(pids);
}

/** A browser signed in as one of the demo accounts of this server. */
function signedIn(browser: Browser, role: 'reader' | 'moderator') {
  return signedInAt(browser, { origin, folder: join(import.meta.dirname, `.data-${port}`), role });
}

const visits = (path: string, count: number) => visitsAt(origin, path, count);

test('two server processes: a comment and its removal show on the very next visitor request, whichever process serves it', async ({
  browser,
}) => {
  const path = `/posts/${slug}`;
  // Both processes render and keep the page.
  const warm = await visits(path, 6);
  expect(warm.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
  const cached = await visits(path, 4);
  expect(cached.map((answer) => answer.cache)).toEqual(['HIT', 'HIT', 'HIT', 'HIT']);
  // Request lines are written a few milliseconds after the response (scripts/server-log.mjs).
  await expect.poll(() => processesThatServed(path).size).toBe(2);

  const reader = await signedIn(browser, 'reader');
  const text = `Posted to one process, read from both ${Date.now()}`;
  await reader.page.goto(path);
  await reader.page.getByRole('textbox', { name: 'Add a comment' }).fill(text);
  await reader.page.getByRole('button', { name: 'Post comment' }).click();
  await expect(reader.page).toHaveURL(/#comment-\d+$/);
  const id = Number(reader.page.url().split('#comment-')[1]);
  for (const answer of await visits(path, 6)) expect(answer.body).toContain(text);

  const moderator = await signedIn(browser, 'moderator');
  await removeComment(moderator.page, path, id);
  for (const answer of await visits(path, 6)) expect(answer.body).not.toContain(text);

  await reader.context.close();
  await moderator.context.close();
});

test('a missing page says so without JavaScript, whichever process serves it', async ({ browser }) => {
  // Each process fills the 404 shell from a hidden page it fetches from the server's port, which
  // may reach the other process: both must open it.
  const context = await browser.newContext({ baseURL: origin, javaScriptEnabled: false });
  const page = await context.newPage();
  for (let i = 0; i < 4; i++) {
    const response = await page.goto(`/posts/no-such-post-${i}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  }
  await context.close();
  expect(server!.output()).not.toContain('answered 404.');
});

test('stopping the server stops both processes cleanly', async () => {
  expect(await stopServer(server)).toBe(0);
  expect(server!.output()).toContain('Quire has stopped.');
});
