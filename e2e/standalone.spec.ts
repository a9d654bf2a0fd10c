import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { autoWorkerCount } from '../scripts/cluster.mjs';
import { signIn } from './support/accounts';
import { exitCodeWithin, startScript, stopServer, waitForHealth, type RunningServer } from './support/own-server';

// The Docker image is `.next/standalone` alone (`npm run build` makes it: scripts/finish-build.mjs).
// Here a copy of it runs from a folder outside the project, so nothing can come from the project's
// own files or node_modules: the server at this project's port + 25, and the operators' commands.

const root = join(import.meta.dirname, '..');
let copy: string;
let data: string;
let server: RunningServer | undefined;

test.beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'quire-e2e-standalone-'));
  cpSync(join(root, '.next', 'standalone'), copy, { recursive: true });
  data = mkdtempSync(join(tmpdir(), 'quire-e2e-standalone-data-'));
});

test.afterAll(async () => {
  await stopServer(server);
  for (const folder of [copy, data]) if (folder) rmSync(folder, { recursive: true, force: true });
});

/** `npm run quire -- …` in the copy (its package.json runs the bundled scripts/quire.mjs). */
function quire(args: string[], env: Record<string, string>) {
  const scripts = (JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  expect(scripts.quire).toBe('node scripts/quire.mjs');
  return spawnSync(process.execPath, [join(copy, 'scripts', 'quire.mjs'), ...args], {
    cwd: copy,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

test('the standalone build runs alone: pages, styles, scripts, images, search, sign-in and the operators’ commands', async ({
  browser,
}, testInfo) => {
  testInfo.setTimeout(150_000);
  // The build, its packages, the migrations and Quire's own modules; no data folder, no settings file.
  expect(readdirSync(copy).sort()).toEqual(['.next', 'db', 'lib', 'node_modules', 'package.json', 'public', 'scripts']);

  const port = Number(new URL(testInfo.project.use.baseURL!).port) + 25;
  const origin = `http://localhost:${port}`;
  const env = {
    PORT: String(port),
    HOSTNAME: 'localhost',
    SITE_URL: origin,
    DATABASE_URL: `file:${join(data, 'quire.db')}`,
    QUIRE_DATA_DIR: data,
    SEED_DEMO: '1',
    LOG_LEVEL: 'info',
    // The image's default: one process per core (scripts/cluster.mjs), two on a two-core machine.
    WEB_CONCURRENCY: 'auto',
  };
  server = startScript('scripts/server.mjs', env, copy);
  await waitForHealth(server, origin);
  const processes = autoWorkerCount();
  await expect
    .poll(() => server!.output(), { timeout: 60_000 })
    .toContain(
      processes > 1 ? `Quire is listening on ${origin} (${processes} processes).` : `Quire is listening on ${origin}.`,
    );
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();

  // The home page, styled by the build's stylesheet (Tailwind's base rules drop the body's margin).
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'How comments should work' }).first()).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');

  // A link followed in the page (the app router's request), then the scripts at work: comment dates
  // become relative ("3 days ago", "last week"), and the post's picture from public/ is drawn.
  await page.getByRole('link', { name: 'How comments should work' }).first().click();
  await expect(page).toHaveURL(`${origin}/posts/how-comments-should-work`);
  await expect(page.locator('#comments time[data-relative]').first()).toHaveText(/ ago$|^yesterday$|^last |^just now$/);
  const picture = page.getByRole('article').locator('img').first();
  await expect(picture).toHaveJSProperty('complete', true);
  expect(await picture.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);

  // Search runs its full-text query on a worker thread (the build's own chunk of db/search-worker.mjs):
  // a worker that cannot start would still answer, on the server's thread, and say so in the log.
  await page.goto('/search?q=garden');
  await expect(page.getByRole('main').getByRole('listitem').first().getByRole('link')).toHaveText(
    'Notes on a small kitchen garden',
  );
  expect(server.output()).not.toContain('A search worker failed');

  // The operators' commands: an account made on the command line signs in on the server.
  const added = quire(
    ['user', 'add', '--email', 'grace@example.com', '--name', 'Grace Hopper', '--role', 'author'],
    env,
  );
  expect(added.stderr).toBe('');
  expect(added.status).toBe(0);
  const password = /Generated password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
  expect(password).toBeTruthy();
  expect(quire(['user', 'list'], env).stdout).toContain('grace@example.com');
  await signIn(page, 'grace@example.com', password!, '/dashboard');
  await expect(page.getByRole('heading', { name: 'Your posts' })).toBeVisible();

  await context.close();
  expect(await stopServer(server)).toBe(0);
});

test('the standalone build refuses to start for another address than it was built for, in one sentence', async () => {
  const builtFor = (JSON.parse(readFileSync(join(copy, '.next', 'quire-build.json'), 'utf8')) as { siteUrl: string })
    .siteUrl;
  const other = startScript(
    'scripts/start.mjs',
    { SITE_URL: 'https://blog.example.com', PORT: '1', DATABASE_URL: `file:${join(data, 'other.db')}` },
    copy,
  );
  expect(await exitCodeWithin(other, 20_000)).toBe(1);
  expect(other.output().trim()).toBe(
    `Quire: this build was made for SITE_URL=${builtFor}, not https://blog.example.com, and cannot be rebuilt here: ` +
      'build it again for that address (docker build --build-arg SITE_URL=https://blog.example.com).',
  );
});
