import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Hand-written SQL on a test server's database, SQLite or PostgreSQL, for what a test checks behind
 * the pages (counts that no page shows exactly). `?` placeholders on both; cast counts and sums to
 * integer, as PostgreSQL gives them as text otherwise.
 */
export type TestSql = { all<T>(text: string, ...params: unknown[]): Promise<T[]>; close(): Promise<void> };

export function openSql(databaseUrl: string): TestSql {
  if (!/^postgres(ql)?:/.test(databaseUrl)) {
    const db = new Database(databaseUrl.replace(/^file:/, ''), { readonly: true });
    return {
      all: async <T>(text: string, ...params: unknown[]) => db.prepare(text).all(...params) as T[],
      close: async () => void db.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    all: async <T>(text: string, ...params: unknown[]) => {
      let index = 0;
      return (
        await pool.query(
          text.replace(/\?/g, () => `$${++index}`),
          params,
        )
      ).rows as T[];
    },
    close: () => pool.end(),
  };
}

export { freshPostgresDatabase } from '../../scripts/postgres-server.mjs';
