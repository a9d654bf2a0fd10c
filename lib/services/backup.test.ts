import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { backupDatabase, checkBackup, restoreDatabase } from './backup';

let folder: string;
let livePath: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'quire-backup-'));
  livePath = join(folder, 'quire.db');
  const db = openDatabase(livePath);
  await migrateDatabase(db);
  db.$client.exec(`
    insert into users (id, handle, email, role) values ('u1', 'writer', 'w@example.test', 'author');
    insert into posts (slug, title, author_id, status, published_at) values ('p', 'P', 'u1', 'published', 0);
  `);
  // Tens of megabytes of comments, so the copy takes long enough to see the writer carry on during it.
  const insert = db.$client.prepare(
    "insert into comments (post_id, author_id, body_markdown, body_html) values (1, 'u1', ?, '')",
  );
  db.$client.transaction(() => {
    for (let n = 0; n < 20_000; n++) insert.run(`earlier comment ${n} `.padEnd(1500, '.'));
  })();
  db.$client.close();
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Another thread plays the running server: it keeps writing comments, one per message it reports.
const writerCode = `
  const { parentPort, workerData } = require('node:worker_threads');
  const Database = require(workerData.module);
  const db = new Database(workerData.path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare("insert into comments (post_id, author_id, body_markdown, body_html) values (1, 'u1', ?, '')");
  let stop = false;
  parentPort.on('message', () => { stop = true; });
  (function write() {
    if (stop) { db.close(); parentPort.close(); return; }
    const id = Number(insert.run('comment ' + Date.now()).lastInsertRowid);
    parentPort.postMessage({ id, at: performance.timeOrigin + performance.now() });
    setImmediate(write);
  })();
`;

describe('backup', () => {
  it(
    'copies the database while comments keep being written: intact, with every comment acknowledged before it began',
    { timeout: 30_000 },
    async () => {
      const worker = new Worker(writerCode, {
        eval: true,
        workerData: { path: livePath, module: createRequire(import.meta.url).resolve('better-sqlite3') },
      });
      const acknowledged: number[] = [];
      const writtenAt: number[] = [];
      worker.on('error', (error) => {
        throw error;
      });
      worker.on('message', (message: { id?: number; at?: number }) => {
        if (message.id) acknowledged.push(message.id);
        if (message.at) writtenAt.push(message.at);
      });
      // Let the writer get going.
      while (acknowledged.length < 200) await new Promise((resolve) => setTimeout(resolve, 5));
      const beforeBackup = Math.max(...acknowledged);
      const destination = join(folder, 'backup.db');
      const started = performance.timeOrigin + performance.now();
      const result = await backupDatabase(livePath, destination);
      const finished = performance.timeOrigin + performance.now();
      // Let the writer's last messages arrive before stopping it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('exit', resolve));

      expect(result.ok).toBe(true);
      const copy = new Database(destination, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set((copy.prepare('select id from comments').all() as { id: number }[]).map((row) => row.id));
      copy.close();
      for (let id = 1; id <= beforeBackup; id++) expect(ids.has(id), `comment ${id}`).toBe(true);
      // The writer was not held up: it committed comments while the copy was being made.
      expect(writtenAt.filter((at) => at > started && at < finished).length).toBeGreaterThan(0);
    },
  );

  it('refuses damaged, empty, foreign and missing files with a sentence', () => {
    const good = readFileSync(join(folder, 'backup.db'));
    const damaged = Buffer.from(good);
    // Scribble over the middle of the file, past the header: pages no longer hold what SQLite expects.
    damaged.fill(0x5a, 8192, Math.min(damaged.length, 8192 + 4096));
    writeFileSync(join(folder, 'damaged.db'), damaged);
    writeFileSync(join(folder, 'empty.db'), '');
    writeFileSync(join(folder, 'text.db'), 'not a database at all');
    const foreign = new Database(join(folder, 'foreign.db'));
    foreign.exec('create table things (id integer primary key)');
    foreign.close();
    expect(checkBackup(join(folder, 'damaged.db'))).toMatchObject({ ok: false });
    expect(checkBackup(join(folder, 'empty.db'))).toEqual({ ok: false, problem: 'The file is empty.' });
    expect(checkBackup(join(folder, 'text.db'))).toMatchObject({ ok: false, problem: /cannot be read/ });
    expect(checkBackup(join(folder, 'foreign.db'))).toMatchObject({ ok: false, problem: /not a Quire database/ });
    expect(checkBackup(join(folder, 'missing.db'))).toMatchObject({ ok: false, problem: /There is no file/ });
  });

  it('restores a backup into the live database, and leaves it untouched when the file is refused', async () => {
    const live = new Database(livePath);
    live.exec(
      "insert into comments (post_id, author_id, body_markdown, body_html) values (1, 'u1', 'after the backup', '')",
    );
    const before = (live.prepare('select count(*) as n from comments').get() as { n: number }).n;

    const refused = await restoreDatabase(join(folder, 'damaged.db'), livePath);
    expect(refused.ok).toBe(false);
    expect((live.prepare('select count(*) as n from comments').get() as { n: number }).n).toBe(before);

    const restored = await restoreDatabase(join(folder, 'backup.db'), livePath);
    expect(restored.ok).toBe(true);
    // The connection that stayed open sees the restored contents.
    expect(live.prepare("select count(*) as n from comments where body_markdown = 'after the backup'").get()).toEqual({
      n: 0,
    });
    expect(live.pragma('integrity_check', { simple: true })).toBe('ok');
    // The live database keeps its WAL mode although the backup file is a plain single file.
    expect(live.pragma('journal_mode', { simple: true })).toBe('wal');
    live.close();
  });

  it('writes one self-contained file, with no -wal, -shm or partial files beside it', async () => {
    const destination = join(folder, 'single.db');
    expect((await backupDatabase(livePath, destination)).ok).toBe(true);
    expect(readdirSync(folder).filter((name) => name.startsWith('single.db'))).toEqual(['single.db']);
  });
});
