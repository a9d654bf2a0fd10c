import { sql, type Column, type SQL } from 'drizzle-orm';
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

/**
 * A moment as a parameter of hand-written SQL: milliseconds on SQLite, where times are stored as
 * integers, a Date on PostgreSQL (timestamptz). The builders convert by column; raw SQL cannot.
 */
export function timeParam(at: Date | number): number | Date {
  const ms = typeof at === 'number' ? at : at.getTime();
  return onPostgres ? new Date(ms) : ms;
}

/** A truth value as hand-written SQL returns it: 1/0 on SQLite, a boolean on PostgreSQL. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 1;
}

/** A moment as hand-written SQL returns it: milliseconds on SQLite, a Date on PostgreSQL. */
export function timeValue(value: number | Date | null): Date | null {
  return value === null ? null : new Date(value);
}

/** 'YYYY-MM' of a stored moment, in UTC (the archive's months). */
export function monthOf(column: Column): SQL<string> {
  return onPostgres
    ? sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM')`
    : sql<string>`strftime('%Y-%m', ${column} / 1000, 'unixepoch')`;
}

/** 'YYYY-MM-DD' of a stored moment, in UTC (statistics per day). */
export function dayOf(column: Column | SQL): SQL<string> {
  return onPostgres
    ? sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`strftime('%Y-%m-%d', ${column} / 1000, 'unixepoch')`;
}

/**
 * `column` contains `text` as typed, ignoring case (search boxes of the dashboard and moderation):
 * SQLite's LIKE already ignores ASCII case; PostgreSQL's ILIKE does. `%`, `_` and `\` are literal.
 */
export function containsText(column: Column | SQL, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
  return onPostgres ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`;
}

/** SQLite's index hint, where its planner picks worse without one; nothing on PostgreSQL, which has no hints. */
export function indexedBy(index: string): SQL {
  return onPostgres ? sql`` : sql.raw(` indexed by ${index}`);
}
