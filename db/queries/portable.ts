import 'server-only';
import { getTableName, is, sql, type SQL } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { rawRows, rawRun, write, type QuireDatabase } from '../client';
import { onPostgres } from '../dialect';
import { tables } from '../tables';

// The raw reads and writes of Quire's own export and of the WordPress (WXR) export: whole tables,
// by name. Which tables and columns travel, and what is hidden, is decided in lib/services/portable/.
// Table names come from the exporter's fixed list, never from a file, so they are safe in the SQL.

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

function primaryKeyOrder(db: QuireDatabase, table: string): string {
  if (onPostgres) {
    const keys = getTableConfig(postgresTable(table)).columns.filter((column) => column.primary);
    const composite = getTableConfig(postgresTable(table)).primaryKeys[0]?.columns ?? [];
    const names = (keys.length ? keys : composite).map((column) => `"${column.name}"`);
    return names.length ? names.join(', ') : '1';
  }
  const columns = db.$client.pragma(`table_info(${table})`) as { name: string; pk: number }[];
  const keys = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
  return keys.length ? keys.map((column) => `"${column.name}"`).join(', ') : 'rowid';
}

/** The PostgreSQL table named `table` in SQL. */
function postgresTable(table: string): PgTable {
  const found = Object.values(tables).find((value) => is(value, PgTable) && getTableName(value) === table);
  if (!found) throw new Error(`There is no table ${table}.`);
  return found as unknown as PgTable;
}

/** The columns the export knows, by name (never PostgreSQL's generated search column). */
function postgresColumns(table: string): PgColumn[] {
  return getTableConfig(postgresTable(table)).columns;
}

/**
 * A PostgreSQL cell as the export writes it, the same as SQLite's, so an export from one database
 * restores into the other: moments as milliseconds, truth values as 1/0, JSON as its text.
 */
function portableCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value as Cell;
}

/** An export's cell as PostgreSQL takes it for this column. */
function postgresValue(column: PgColumn | undefined, value: Cell): unknown {
  if (value === null || !column) return value;
  if (column.columnType === 'PgTimestamp') return new Date(Number(value));
  if (column.columnType === 'PgBoolean') return value === 1 || value === '1' || value === 'true';
  return value;
}

/** A table's column names, as the database has them now. */
export async function listTableColumns(db: QuireDatabase, table: string): Promise<string[]> {
  if (onPostgres) {
    const known = new Set(postgresColumns(table).map((column) => column.name));
    const rows = await rawRows<{ name: string }>(
      db,
      sql`select column_name as name from information_schema.columns
           where table_schema = current_schema() and table_name = ${table} order by ordinal_position`,
    );
    return rows.map((row) => row.name).filter((name) => known.has(name));
  }
  return (db.$client.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name);
}

/** Every row of these tables in primary-key order, read in one transaction so they are one moment of the site. */
export async function readTables(db: QuireDatabase, names: readonly string[]): Promise<Record<string, Row[]>> {
  if (onPostgres) {
    // One snapshot for every table (repeatable read), as SQLite's transaction gives.
    return (db as unknown as NodePgDatabase).transaction(
      async (tx) => {
        const result: Record<string, Row[]> = {};
        for (const table of names) {
          const columns = postgresColumns(table).map((column) => sql.identifier(column.name));
          const rows = await rawRows<Record<string, unknown>>(
            tx as unknown as QuireDatabase,
            sql`select ${sql.join(columns, sql`, `)} from ${sql.identifier(table)} order by ${sql.raw(primaryKeyOrder(db, table))}`,
          );
          result[table] = rows.map((row) =>
            Object.fromEntries(Object.entries(row).map(([key, value]) => [key, portableCell(value)])),
          );
        }
        return result;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }
  return db.$client.transaction(() => {
    const result: Record<string, Row[]> = {};
    for (const table of names) {
      result[table] = db.$client
        .prepare(`select * from "${table}" order by ${primaryKeyOrder(db, table)}`)
        .all() as Row[];
    }
    return result;
  })();
}

export async function countTableRows(db: QuireDatabase, table: string): Promise<number> {
  const [row] = await rawRows<{ n: number }>(
    db,
    sql`select cast(count(*) as integer) as n from ${sql.identifier(table)}`,
  );
  return row!.n;
}

/** Rows inserted per statement on PostgreSQL (a round trip each; the protocol allows 65,535 parameters). */
const POSTGRES_BATCH = 200;

/**
 * Empties the `cleared` tables, then inserts the rows of each table in the order given (parents
 * before children), all of it or (on any error) none of it. Answers the rows given per table.
 * Written in one `write`, on the process's writer connection: `db` must be a connection to the same
 * database (the process's reader, or the one setDb gave it).
 */
export async function writeTables(
  db: QuireDatabase,
  input: { cleared: readonly string[]; tables: readonly string[]; rows: Record<string, Row[]> },
): Promise<Record<string, number>> {
  if (onPostgres) return writePostgresTables(input);
  const counts: Record<string, number> = {};
  await write((writer) => {
    if (writer.$client.name !== db.$client.name) {
      throw new Error(
        `writeTables writes through the process's database (${writer.$client.name}), not ${db.$client.name}.`,
      );
    }
    for (const table of input.cleared) writer.$client.prepare(`delete from "${table}"`).run();
    for (const table of input.tables) {
      const rows = input.rows[table] ?? [];
      counts[table] = rows.length;
      for (const row of rows) {
        const columns = Object.keys(row);
        if (columns.length === 0) continue;
        writer.$client
          .prepare(
            `insert into "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
          )
          .run(...columns.map((column) => row[column] ?? null));
      }
    }
  });
  return counts;
}

async function writePostgresTables(input: {
  cleared: readonly string[];
  tables: readonly string[];
  rows: Record<string, Row[]>;
}): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await write(async (writer) => {
    for (const table of input.cleared) await rawRun(writer, sql`delete from ${sql.identifier(table)}`);
    for (const table of input.tables) {
      const rows = input.rows[table] ?? [];
      counts[table] = rows.length;
      const byName = new Map(postgresColumns(table).map((column) => [column.name, column]));
      // Rows of one shape go in together, a batch at a time.
      for (let start = 0; start < rows.length; start += POSTGRES_BATCH) {
        const batch = rows.slice(start, start + POSTGRES_BATCH).filter((row) => Object.keys(row).length > 0);
        const columns = [...new Set(batch.flatMap((row) => Object.keys(row)))];
        if (columns.length === 0) continue;
        const values = batch.map(
          (row) =>
            sql`(${sql.join(
              columns.map((column) => sql`${postgresValue(byName.get(column), row[column] ?? null)}`),
              sql`, `,
            )})`,
        );
        await rawRun(
          writer,
          sql`insert into ${sql.identifier(table)} (${sql.join(
            columns.map((column) => sql.identifier(column)),
            sql`, `,
          )}) values ${sql.join(values, sql`, `)}`,
        );
      }
      // Ids came with the rows: the next id a new row gets starts after the highest.
      if (byName.get('id')?.columnType === 'PgInteger' && byName.get('id')?.primary) {
        await rawRun(
          writer,
          sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.identifier(table)}`,
        );
      }
    }
  });
  return counts;
}

export type WxrPostRow = {
  id: number;
  slug: string;
  title: string;
  body_html: string;
  custom_excerpt: string;
  status: string;
  published_at: number | null;
  updated_at: number | null;
  created_at: number;
  comments_open: number;
  handle: string;
};
export type WxrCommentRow = {
  id: number;
  post_id: number;
  parent_id: number | null;
  author_name: string | null;
  author_email: string | null;
  author_url: string | null;
  user_name: string | null;
  user_email: string | null;
  body_html: string;
  status: string;
  created_at: number;
  author_id: string | null;
};

/** What a WordPress export holds: every post with its author's handle, the authors, labels and the comments a reader could have seen. */
export async function readWxrRows(db: QuireDatabase) {
  // Rows as SQLite gives them (moments in milliseconds, truth values 1/0), from either database.
  const read = async <T>(query: SQL) =>
    (await rawRows<Record<string, unknown>>(db, query)).map(
      (row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, portableCell(value)])) as T,
    );
  const posts = await read<WxrPostRow>(
    sql`select p.id, p.slug, p.title, p.body_html, p.custom_excerpt, p.status, p.published_at, p.updated_at,
               p.created_at, p.comments_open, u.handle
          from posts p join users u on u.id = p.author_id order by p.id`,
  );
  const authors = await read<{ handle: string; email: string | null; name: string | null }>(
    sql`select distinct u.handle, u.email, u.name from users u join posts p on p.author_id = u.id order by u.handle`,
  );
  const labels = await read<{ id: number; name: string; slug: string }>(
    sql`select id, name, slug from labels order by id`,
  );
  const postLabels = await read<{ post_id: number; name: string; slug: string }>(
    sql`select pl.post_id, l.name, l.slug from post_labels pl join labels l on l.id = pl.label_id order by l.name`,
  );
  const comments = await read<WxrCommentRow>(
    sql`select c.id, c.post_id, c.parent_id, c.author_name, c.author_email, c.author_url, c.body_html, c.status,
               c.created_at, c.author_id, u.name as user_name, u.email as user_email
          from comments c left join users u on u.id = c.author_id
         where c.status in ('visible', 'pending', 'removed') order by c.id`,
  );
  return { posts, authors, labels, postLabels, comments };
}
