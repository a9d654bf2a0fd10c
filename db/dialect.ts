/**
 * Which database this process uses, read from DATABASE_URL once: SQLite (`file:…`, `:memory:`, the
 * default) or PostgreSQL (`postgres://…`). Read straight from the environment, not through
 * lib/server/env, because the tables are chosen when db/tables.ts loads, before any setting is checked.
 */
export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(url: string | undefined): Dialect {
  return url && /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

export const dialect: Dialect = dialectOf(process.env.DATABASE_URL);
export const onPostgres = dialect === 'postgres';
