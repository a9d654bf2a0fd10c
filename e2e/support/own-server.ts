import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { demoPassword } from './accounts';

const root = join(import.meta.dirname, '..', '..');

export type RunningServer = {
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
};

/**
 * Starts a Node script of the project (scripts/server.mjs, scripts/e2e-server.mjs) with extra settings,
 * from the project's folder or from another that holds a copy (the standalone build).
 */
export function startScript(script: string, env: Record<string, string>, folder = root): RunningServer {
  const child = spawn(process.execPath, [join(folder, script)], {
    cwd: folder,
    // One server process unless the test asks for more (the server's own default is one per core).
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => printed, exited };
}

/** Waits until the server answers its health route (or fails with what it printed). */
export async function waitForHealth(server: RunningServer, origin: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`The server exited at start:\n${server.output()}`);
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer within ${timeoutMs / 1000} s:\n${server.output()}`);
}

/** SIGTERM, then its exit code. */
export async function stopServer(server: RunningServer | undefined): Promise<number | null> {
  if (!server || server.process.exitCode !== null) return server?.process.exitCode ?? null;
  server.process.kill('SIGTERM');
  return server.exited;
}

/** Its exit code, or 'still running' (and it is stopped) when it has not exited within `ms`. */
export async function exitCodeWithin(server: RunningServer, ms: number): Promise<number | null | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    server.exited,
    new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms))),
  ]);
  clearTimeout(timer);
  if (result === 'still running') server.process.kill('SIGKILL');
  return result;
}

/** The messages of the fatal lines the server logged (JSON lines when not on a terminal). */
export function fatalMessages(server: RunningServer): string[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"level":"fatal"'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

/**
 * A browser context signed in as one of the demo accounts of a server of its own, whose data folder
 * holds their passwords.
 */
export async function signedInAt(
  browser: Browser,
  { origin, folder, role }: { origin: string; folder: string; role: 'author' | 'moderator' | 'reader' },
): Promise<{ context: BrowserContext; page: Page }> {
  const { email, password } = demoPassword(role, folder);
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await page.goto('/signin?returnTo=%2F');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  return { context, page };
}

/** A moderator removes a comment from its post page, as off-topic, with the Remove form. */
export async function removeComment(page: Page, path: string, id: number): Promise<void> {
  await page.goto(`${path}#comment-${id}`);
  const comment = page.locator(`#comment-${id}`);
  await comment.getByRole('link', { name: 'Remove' }).click();
  await comment.getByRole('combobox', { name: 'Reason' }).selectOption('Off-topic');
  await comment.getByRole('button', { name: 'Remove comment' }).click();
  await expect(page.getByRole('status')).toContainText('Removed 1 comment.');
}

export type Visit = { status: number; body: string; cache: string };

/**
 * A visitor's GET on a connection of its own, closed after it (so a cluster or a round-robin proxy
 * hands consecutive visits to its servers in turn).
 */
export function visit(origin: string, path: string): Promise<Visit> {
  return new Promise((resolve, reject) => {
    get(`${origin}${path}`, { agent: false, headers: { 'user-agent': browserAgent } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body,
          cache: String(response.headers['x-quire-cache'] ?? response.headers['x-nextjs-cache'] ?? '-'),
        }),
      );
    }).on('error', reject);
  });
}

export async function visits(origin: string, path: string, count: number): Promise<Visit[]> {
  const answers: Visit[] = [];
  for (let i = 0; i < count; i++) answers.push(await visit(origin, path));
  return answers;
}

/** A browser's user agent: what the view counter counts and the front door serves. */
export const browserAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
