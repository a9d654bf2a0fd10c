// Finds and starts a throwaway PostgreSQL server for the tests, the bench and the soak (Debian:
// `apt-get install postgresql`; .ci/run installs it). Its data lives in a temporary folder, removed
// when it stops; durability is off (fsync), which is only right for a server that is thrown away.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** POSTGRES_BIN_DIR, or the newest /usr/lib/postgresql/<version>/bin, when it has initdb and postgres; else null. */
export function findPostgres() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [process.env.POSTGRES_BIN_DIR, ...versions.map((version) => join(base, version, 'bin'))];
  return candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) ?? null;
}

export const missingPostgres =
  'No PostgreSQL found for the tests’ PostgreSQL pass. Install it, then run them again:\n' +
  '  Debian/Ubuntu:  sudo apt-get install -y postgresql\n' +
  '  or set POSTGRES_BIN_DIR to the folder holding initdb and postgres,\n' +
  '  or set TEST_POSTGRES_URL to a server whose user may create databases.';

/** PostgreSQL refuses to run as root: as root, its commands run as the system's postgres user. */
function asServerUser(command, args) {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with a new, empty cluster (user postgres, no password, the C
 * collation so text sorts by code point, as SQLite's does, and C.UTF-8's character classes) and resolves once it accepts
 * connections, with its URL and `stop()`. Rejects with the server's own words when it cannot start.
 */
export async function startPostgresServer({ port }) {
  const bin = findPostgres();
  if (!bin) throw new Error(missingPostgres);
  const dir = mkdtempSync(join(tmpdir(), 'quire-pg-'));
  if (process.getuid?.() === 0) chownSync(dir, ...serverUserIds());
  const data = join(dir, 'data');
  const [initdb, initArgs] = asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    // Byte order for sorting, as SQLite's; Unicode letter classes, so that search lowercases
    // every script (a C character type would leave Cyrillic "Сад" as it is).
    '--lc-collate=C',
    '--lc-ctype=C.UTF-8',
    '--no-sync',
  ]);
  const init = spawnSync(initdb, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(init.stderr || init.stdout || String(init.error)).trim().slice(-400)}`);
  }
  const [postgres, args] = asServerUser(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  // Its log goes to a file: a pipe nobody reads while the tests run would fill and stop the server.
  const logPath = join(dir, 'log');
  const log = openSync(logPath, 'w');
  const child = spawn(postgres, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  // The server never keeps the caller's process alive: it is stopped by `stop()`, which callers also
  // run on their process's 'exit', an event a running child would otherwise hold back for ever.
  child.unref();
  // Synchronous (pg_ctl waits for the server to end), so it can run as the process exits.
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      // Fast shutdown (ends open sessions, then stops), asked of the server itself: a signal to
      // runuser would not reach it.
      const [pgCtl, stopArgs] = asServerUser(join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-s', '-w']);
      spawnSync(pgCtl, stopArgs);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const started = Date.now();
  while (spawnSync(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status !== 0) {
    if (child.exitCode !== null || Date.now() - started > 30_000) {
      const output = readFileSync(logPath, 'utf8').trim().slice(-400);
      stop();
      throw new Error(`PostgreSQL did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

function serverUserIds() {
  const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return [id('-u'), id('-g')];
}

/** A new, empty database named `name` on the PostgreSQL server at `serverUrl` (dropped first if there); its URL. */
export async function freshPostgresDatabase(serverUrl, name) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
