import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export type RunningServer = {
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
};

/** Starts a Node script of the project (scripts/server.mjs, scripts/e2e-server.mjs) with extra settings. */
export function startScript(script: string, env: Record<string, string>): RunningServer {
  const child = spawn(process.execPath, [join(root, script)], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
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
