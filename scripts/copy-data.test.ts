import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run quire -- copy-data --to postgres://…` as an operator runs it: the demo blog on SQLite
// is copied into an empty PostgreSQL database, checked, and a second copy onto it is refused.
// Needs a PostgreSQL whose user may create databases (TEST_POSTGRES_URL; npm test starts one).
const server = process.env.TEST_POSTGRES_URL;

let folder: string;
let target: string;

function quire(...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/quire.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${join(folder, 'quire.db')}`,
      QUIRE_DATA_DIR: folder,
      PORT: '1', // no server to notify
    },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

async function onServer<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

// Without a PostgreSQL there is nothing to copy to: npm test always provides one.
describe.skipIf(!server)('quire copy-data', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'quire-copy-data-'));
    const name = `quire_copy_${process.pid}`;
    await onServer(server!, `drop database if exists ${name} with (force)`);
    await onServer(server!, `create database ${name}`);
    const url = new URL(server!);
    url.pathname = `/${name}`;
    target = url.toString();
    // The demo blog, as `npm start` makes it.
    const seeded = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/seed.ts'], {
      env: { ...process.env, DATABASE_URL: `file:${join(folder, 'quire.db')}`, QUIRE_DATA_DIR: folder },
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => seeded.on('close', resolve))).toBe(0);
  });
  afterAll(async () => {
    if (target) await onServer(server!, `drop database if exists ${new URL(target).pathname.slice(1)} with (force)`);
    rmSync(folder, { recursive: true, force: true });
  });

  it('copies every post, comment and account, with passwords, and checks the counts', async () => {
    const { code, out } = await quire('copy-data', '--to', target);
    expect(out).toContain('Copied and checked');
    expect(code).toBe(0);
    const sqlite = new Database(join(folder, 'quire.db'), { readonly: true });
    const here = sqlite.prepare('select id, slug, title from posts order by id').all();
    const hashes = sqlite.prepare('select email, password_hash as hash from users order by email').all();
    const comments = sqlite.prepare('select id, body_markdown as body from comments order by id').all();
    sqlite.close();
    expect(await onServer(target, 'select id, slug, title from posts order by id')).toEqual(here);
    expect(await onServer(target, 'select email, password_hash as hash from users order by email')).toEqual(hashes);
    expect(await onServer(target, 'select id, body_markdown as body from comments order by id')).toEqual(comments);
    // New rows get ids after the copied ones.
    const [next] = await onServer<{ id: number }>(
      target,
      "insert into labels (name, slug) values ('After the copy', 'after-the-copy') returning id",
    );
    const [highest] = await onServer<{ id: number }>(target, 'select max(id) as id from labels');
    expect(next!.id).toBe(highest!.id);
  });

  it('refuses a database that already has a blog, and a target that is not PostgreSQL', async () => {
    const again = await quire('copy-data', '--to', target);
    expect(again.code).toBe(1);
    expect(again.out).toContain('needs an empty database');
    const wrong = await quire('copy-data', '--to', 'file:./elsewhere.db');
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain('--to must be a PostgreSQL address');
  });
});
