import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closeDatabase,
  getDb,
  getWriter,
  mergeSearchIndex,
  preparedStatements,
  refreshStatistics,
  useDatabaseFile,
  write,
  type QuireDatabase,
} from './client';
import { useTestDatabase } from './test-database';

describe('preparedStatements', () => {
  it('builds once per connection, and anew for the connection in use after a switch', async () => {
    const built: unknown[] = [];
    const statements = preparedStatements((db) => {
      built.push(db);
      return { one: db.$client.prepare('select 1 as one') };
    });
    const first = await useTestDatabase();
    expect(statements().one.get()).toEqual({ one: 1 });
    expect(statements()).toBe(statements());
    expect(built).toEqual([first]);

    const second = await useTestDatabase();
    expect(statements().one.get()).toEqual({ one: 1 });
    expect(built).toEqual([first, second]);
  });
});

describe('write, on a database file', () => {
  let folder: string;
  let path: string;
  const counter = async (db: QuireDatabase = getDb()) => db.all<{ n: number }>(sql`select n from counters`)[0]!.n;
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'quire-client-'));
    path = join(folder, 'quire.db');
    useDatabaseFile(path);
    await write(async (db) => {
      db.run(sql`create table counters (n integer)`);
      db.run(sql`insert into counters values (0)`);
    });
  });

  afterEach(async () => {
    await closeDatabase();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs one at a time, each seeing what the one before committed', async () => {
    const increment = () =>
      write(async (db) => {
        const before = await counter(db);
        await tick(); // another request's turn of the event loop
        db.run(sql`update counters set n = ${before + 1}`);
      });
    await Promise.all([increment(), increment(), increment()]);
    expect(await counter()).toBe(3);
  });

  it('rolls back everything it did when it throws, across awaits', async () => {
    const failing = write(async (db) => {
      db.run(sql`update counters set n = 5`);
      await tick();
      throw new Error('a rule said no');
    });
    await expect(failing).rejects.toThrow('a rule said no');
    expect(await counter()).toBe(0);
    // The next one runs.
    await write((db) => db.run(sql`update counters set n = 1`));
    expect(await counter()).toBe(1);
  });

  it('keeps its work from every read outside it until it commits', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Another request, begun outside the write: it reads once the write has changed the row.
    const outside = (async () => {
      await released;
      return counter();
    })();
    await write(async (db) => {
      db.run(sql`update counters set n = 7`);
      expect(await counter()).toBe(7); // inside: its own change
      release();
      expect(await outside).toBe(0); // outside: the last commit
    });
    expect(await counter()).toBe(7);
  });

  it('is the only way to write: a statement that writes outside it fails', async () => {
    await expect(async () => getDb().run(sql`update counters set n = 9`)).rejects.toMatchObject({
      cause: { code: 'SQLITE_READONLY' },
    });
    expect(await counter()).toBe(0);
  });

  it('joins the write it runs inside, and rolls back with it', async () => {
    const outer = write(async (db) => {
      await write((inner) => inner.run(sql`update counters set n = 3`));
      expect(await counter(db)).toBe(3);
      throw new Error('undo it all');
    });
    await expect(outer).rejects.toThrow('undo it all');
    expect(await counter()).toBe(0);
  });

  it('waits for another process’s write lock without stopping this one', async () => {
    const other = new Database(path);
    other.prepare('begin immediate').run();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const waiting = write((db) => db.run(sql`update counters set n = n + 1`));
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The event loop went on meanwhile.
      expect(ticks).toBeGreaterThan(5);
      other.prepare('update counters set n = n + 10').run();
      other.prepare('commit').run();
      await waiting;
      expect(await counter()).toBe(11);
    } finally {
      clearInterval(timer);
      other.close();
    }
  });

  it('commits the writes of one turn together: each is answered once they are all done', async () => {
    const other = new Database(path, { readonly: true });
    const committed = () => (other.prepare('select n from counters').get() as { n: number }).n;
    const answered: string[] = [];
    try {
      const first = write((db) => db.run(sql`update counters set n = n + 1`)).then(() => answered.push('first'));
      const second = write(async (db) => {
        // The first is done but not yet committed: another connection still sees none of it.
        expect(committed()).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 10));
        db.run(sql`update counters set n = n + 10`);
        answered.push('second done');
      }).then(() => answered.push('second'));
      await Promise.all([first, second]);
      expect(answered).toEqual(['second done', 'first', 'second']);
      expect(committed()).toBe(11);
    } finally {
      other.close();
    }
  });

  it('undoes only the work of a write that throws among others of its turn', async () => {
    const results = await Promise.allSettled([
      write((db) => db.run(sql`update counters set n = n + 1`)),
      write(async (db) => {
        db.run(sql`update counters set n = n + 100`);
        throw new Error('a rule said no');
      }),
      write((db) => db.run(sql`update counters set n = n + 10`)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await counter()).toBe(11);
  });

  it('commits each write at once while another process writes too', async () => {
    const other = new Database(path);
    try {
      other.prepare('begin immediate').run();
      const waiting = write((db) => db.run(sql`update counters set n = n + 1`));
      await new Promise((resolve) => setTimeout(resolve, 20));
      other.prepare('commit').run();
      await waiting;
      // Having waited for the other process, the next writes of a turn do not hold the lock for each other.
      const first = write((db) => db.run(sql`update counters set n = n + 1`));
      const second = write(async (db) => {
        expect((other.prepare('select n from counters').get() as { n: number }).n).toBe(2);
        await new Promise((resolve) => setTimeout(resolve, 10));
        db.run(sql`update counters set n = n + 10`);
      });
      await Promise.all([first, second]);
      expect(await counter()).toBe(12);
    } finally {
      other.close();
    }
  });

  it('keeps nothing of a write still running when the database is closed', async () => {
    let reached!: () => void;
    const inside = new Promise<void>((resolve) => (reached = resolve));
    const running = write(async (db) => {
      db.run(sql`update counters set n = 5`);
      reached();
      await new Promise((resolve) => setTimeout(resolve, 20));
      db.run(sql`update counters set n = 6`);
    });
    await inside;
    await closeDatabase();
    await expect(running).rejects.toThrow();
    useDatabaseFile(path);
    expect(await counter()).toBe(0);
  });

  it('tells the writes of a transaction ended outside it that they were not kept', async () => {
    let worked!: () => void;
    const ran = new Promise<void>((resolve) => (worked = resolve));
    const done = write((db) => {
      db.run(sql`update counters set n = 4`);
      worked();
    });
    // Its work done, and before the end of the turn commits it, something else on the writer rolls it back.
    await ran;
    getWriter().$client.prepare('rollback').run();
    await expect(done).rejects.toThrow();
    expect(await counter()).toBe(0);
    // The next write starts a transaction of its own.
    await write((db) => db.run(sql`update counters set n = 1`));
    expect(await counter()).toBe(1);
  });

  it('does not count callbacks it left behind as inside it', async () => {
    let later: Promise<QuireDatabase> | undefined;
    let inside: QuireDatabase | undefined;
    await write(async (db) => {
      inside = db;
      later = new Promise((resolve) => setTimeout(() => resolve(getDb()), 5));
    });
    expect(await later).not.toBe(inside);
  });
});

describe('refreshStatistics', () => {
  it('takes the planner statistics again once a table has grown far past them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'quire-stats-'));
    try {
      const path = join(folder, 'quire.db');
      const raw = new Database(path);
      raw.exec('create table sessions (token text primary key, user_id text not null)');
      raw.prepare('insert into sessions values (?, ?)').run('only', 'ada');
      // A server opening its connections on a new site records statistics of one session.
      const writer = useDatabaseFile(path);
      const rows = () =>
        Number(
          (raw.prepare("select stat from sqlite_stat1 where tbl = 'sessions'").get() as { stat: string }).stat.split(
            ' ',
          )[0],
        );
      expect(rows()).toBe(1);
      const insert = raw.prepare('insert into sessions values (?, ?)');
      raw.transaction(() => {
        for (let i = 0; i < 2000; i++) insert.run(`token-${i}`, `user-${i}`);
      })();
      expect(rows()).toBe(1);
      await refreshStatistics({ writer, queue: Promise.resolve() });
      expect(rows()).toBe(2001);
      // With them, a lookup joined to another table goes by the key instead of reading every row.
      const planner = new Database(path, { readonly: true });
      const plan = planner
        .prepare(
          'explain query plan select s.user_id from sessions s join sessions t on t.token = s.user_id where s.token = ?',
        )
        .all('x') as { detail: string }[];
      planner.close();
      expect(plan.map((step) => step.detail).join(' | ')).not.toMatch(/SCAN s\b/);
      raw.close();
    } finally {
      await closeDatabase();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('mergeSearchIndex', () => {
  let folder: string;
  let path: string;
  let raw: Database.Database;
  const bTrees = () => raw.prepare('select count(distinct segid) from posts_fts_idx').pluck().get() as number;
  const kitchen = () =>
    raw.prepare(`select rowid from posts_fts where posts_fts match 'garden kitchen' order by rowid`).pluck().all();

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'quire-fts-'));
    path = join(folder, 'quire.db');
    raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.exec(`create virtual table posts_fts using fts5(title, body_text)`);
    // Without FTS5's own merging, posts saved one by one leave a b-tree each (up to its crisis limit).
    raw.exec(`insert into posts_fts(posts_fts, rank) values ('automerge', 0)`);
    const insert = raw.prepare('insert into posts_fts(rowid, title, body_text) values (?, ?, ?)');
    for (let id = 1; id <= 300; id++) {
      const words = Array.from({ length: 200 }, (_, index) => `w${(id * 31 + index * 17) % 20_000}`).join(' ');
      insert.run(id, `Post ${id}`, `garden notes ${id % 7 === 0 ? 'kitchen' : 'river'} ${words}`);
    }
  });

  afterEach(async () => {
    await closeDatabase();
    raw.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('folds the search index into one b-tree a step at a time, finding the same posts after', async () => {
    const before = kitchen();
    expect(before).toHaveLength(42);
    expect(bTrees()).toBeGreaterThan(4);
    const writer = new Database(path);
    const open = { writer: { $client: writer } as QuireDatabase, queue: Promise.resolve() as Promise<unknown> };
    const merging = mergeSearchIndex(open);
    // A write queued meanwhile goes between the steps, not after the whole merge.
    const between = open.queue.then(() => bTrees());
    await merging;
    expect(await between).toBeGreaterThan(1);
    expect(bTrees()).toBe(1);
    expect(kitchen()).toEqual(before);
    writer.close();
  });

  it("is done by a server's connections when they open, between its writes", async () => {
    const before = kitchen();
    useDatabaseFile(path);
    const seen: number[] = [];
    for (let turn = 0; turn < 20 && bTrees() > 1; turn++) seen.push(await write(() => bTrees()));
    expect(seen[0]).toBeGreaterThan(1);
    expect(bTrees()).toBe(1);
    expect(kitchen()).toEqual(before);
  });

  it('does nothing on a database without a search index', async () => {
    raw.exec('drop table posts_fts');
    const writer = useDatabaseFile(path);
    await expect(mergeSearchIndex({ writer, queue: Promise.resolve() })).resolves.toBeUndefined();
  });
});
