import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, setDb, type QuireDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { searchPosts } from '@/db/queries/search';
import { searchesAnsweredByWorkers, searchInWorker, searchWorkerCount } from './search-workers';

// Workers open the database file by name, so this test uses a file, not :memory:.
let dir: string;
let db: QuireDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quire-search-workers-'));
  db = openDatabase(join(dir, 'quire.db'));
  await migrateDatabase(db);
  db.$client
    .prepare(`insert into users (id, name, handle, email, role) values ('u1', 'Ada', 'ada', 'a@x.test', 'author')`)
    .run();
  const insert = db.$client.prepare(
    `insert into posts (slug, title, excerpt, body_text, status, published_at, author_id) values (?, ?, '', ?, 'published', ?, 'u1')`,
  );
  for (let index = 0; index < 15; index++) {
    insert.run(
      `post-${index}`,
      `Post ${index}`,
      `a walled garden, ${index % 3 === 0 ? 'garden ' : ''}and a heron`,
      Date.UTC(2026, 0, index + 1),
    );
  }
  setDb(db);
});

afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('search workers', () => {
  it('find what the server connection finds, ranked the same, dates as dates', async () => {
    const input = { query: 'garden her', limit: 10, offset: 0 };
    const before = searchesAnsweredByWorkers();
    const fromWorker = await searchInWorker(input);
    // A failed worker falls back to the server's connection: this one must have come from a worker.
    expect(searchesAnsweredByWorkers()).toBe(before + 1);
    expect(fromWorker.total).toBe(15);
    expect(fromWorker).toEqual(await searchPosts(input));
    expect(fromWorker.hits[0]!.publishedAt).toBeInstanceOf(Date);
  });

  it('see a post written after they started', async () => {
    await searchInWorker({ query: 'garden', limit: 1 });
    db.$client
      .prepare(
        `insert into posts (slug, title, body_text, status, published_at, author_id) values ('late', 'Late', 'zeppelin', 'published', 1, 'u1')`,
      )
      .run();
    expect((await searchInWorker({ query: 'zeppelin', limit: 10 })).hits.map((hit) => hit.slug)).toEqual(['late']);
  });

  it('one per core, at most four', () => {
    expect([1, 2, 8].map((cores) => searchWorkerCount(cores, 1))).toEqual([1, 2, 4]);
    // Several server processes share the cores.
    expect([1, 2, 8].map((cores) => searchWorkerCount(cores, 2))).toEqual([1, 1, 4]);
    expect(searchWorkerCount(8, 3)).toBe(2);
  });
});
