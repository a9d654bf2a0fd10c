import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Hand-written SQL on a test server's database, SQLite or PostgreSQL, for what a test sets up or
 * checks behind the pages. `?` placeholders on both. Rows come back as SQLite gives them: moments
 * in milliseconds, counts as numbers, truth values as 1/0. A moment as a parameter goes through
 * `at()` (database.ts), a truth value is written `true`/`false`.
 */
export type TestSql = { all<T>(text: string, ...params: unknown[]): Promise<T[]>; close(): Promise<void> };

/** PostgreSQL's type ids whose values are read as SQLite gives them. */
const sqliteLike: Record<number, (text: string) => unknown> = {
  20: Number, // bigint: count(*), sum(integer)
  1700: Number, // numeric: sum(bigint)
  16: (text) => (text === 't' ? 1 : 0), // boolean
  1184: (text) => Date.parse(text), // timestamptz
};

const onPostgres = (databaseUrl: string) => /^postgres(ql)?:/.test(databaseUrl);

/** A moment as a parameter of that database: milliseconds on SQLite, a Date on PostgreSQL. */
export function momentOn(databaseUrl: string, ms: number): number | Date {
  return onPostgres(databaseUrl) ? new Date(ms) : ms;
}

export function openSql(databaseUrl: string, { readonly = true }: { readonly?: boolean } = {}): TestSql {
  if (!onPostgres(databaseUrl)) {
    const db = new Database(databaseUrl.replace(/^file:/, ''), { readonly });
    db.pragma('busy_timeout = 5000');
    return {
      all: async <T>(text: string, ...params: unknown[]) => {
        const statement = db.prepare(text);
        if (statement.reader) return statement.all(...params) as T[];
        statement.run(...params);
        return [];
      },
      close: async () => void db.close(),
    };
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 2,
    types: {
      getTypeParser: ((id: number, format?: string) =>
        sqliteLike[id] ?? pg.types.getTypeParser(id, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
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
