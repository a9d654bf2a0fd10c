import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, preparedStatements } from './client';
import { useTestDatabase } from './test-database';

describe('preparedStatements', () => {
  it('builds once per connection, and anew for the connection in use after a switch', () => {
    const built: unknown[] = [];
    const statements = preparedStatements((db) => {
      built.push(db);
      return { one: db.$client.prepare('select 1 as one') };
    });
    const first = useTestDatabase();
    expect(statements().one.get()).toEqual({ one: 1 });
    expect(statements()).toBe(statements());
    expect(built).toEqual([first]);

    const second = useTestDatabase();
    expect(statements().one.get()).toEqual({ one: 1 });
    expect(built).toEqual([first, second]);
  });
});

describe('transactions', () => {
  it('take the write lock when they begin, so one that reads first can still write after another process did', () => {
    const folder = mkdtempSync(join(tmpdir(), 'quire-client-'));
    const path = join(folder, 'quire.db');
    const db = openDatabase(path);
    const other = new Database(path);
    other.pragma('busy_timeout = 0');
    try {
      db.$client.exec('create table counters (n integer)');
      db.$client.exec('insert into counters values (0)');
      const result = db.transaction((tx) => {
        const before = tx.get<{ n: number }>(sql`select n from counters`)!.n;
        // Another process's write waits for this transaction (here: fails at once, without a wait).
        expect(() => other.prepare('update counters set n = n + 10').run()).toThrow(/locked|busy/i);
        tx.run(sql`update counters set n = ${before + 1}`);
        return before + 1;
      });
      expect(result).toBe(1);
      expect(other.prepare('select n from counters').get()).toEqual({ n: 1 });
    } finally {
      other.close();
      db.$client.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
