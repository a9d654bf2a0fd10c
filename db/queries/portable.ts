import 'server-only';
import { write, type QuireDatabase } from '../client';

// The raw reads and writes of Quire's own export and of the WordPress (WXR) export: whole tables,
// by name. Which tables and columns travel, and what is hidden, is decided in lib/services/portable/.
// Table names come from the exporter's fixed list, never from a file, so they are safe in the SQL.

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

function primaryKeyOrder(db: QuireDatabase, table: string): string {
  const columns = db.$client.pragma(`table_info(${table})`) as { name: string; pk: number }[];
  const keys = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
  return keys.length ? keys.map((column) => `"${column.name}"`).join(', ') : 'rowid';
}

/** A table's column names, as the database has them now. */
export async function listTableColumns(db: QuireDatabase, table: string): Promise<string[]> {
  return (db.$client.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name);
}

/** Every row of these tables in primary-key order, read in one transaction so they are one moment of the site. */
export async function readTables(db: QuireDatabase, tables: readonly string[]): Promise<Record<string, Row[]>> {
  return db.$client.transaction(() => {
    const result: Record<string, Row[]> = {};
    for (const table of tables) {
      result[table] = db.$client
        .prepare(`select * from "${table}" order by ${primaryKeyOrder(db, table)}`)
        .all() as Row[];
    }
    return result;
  })();
}

export async function countTableRows(db: QuireDatabase, table: string): Promise<number> {
  return (db.$client.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
}

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
  const sql = db.$client;
  const posts = sql
    .prepare(
      `select p.id, p.slug, p.title, p.body_html, p.custom_excerpt, p.status, p.published_at, p.updated_at,
              p.created_at, p.comments_open, u.handle
         from posts p join users u on u.id = p.author_id order by p.id`,
    )
    .all() as WxrPostRow[];
  const authors = sql
    .prepare(
      `select distinct u.handle, u.email, u.name from users u join posts p on p.author_id = u.id order by u.handle`,
    )
    .all() as { handle: string; email: string | null; name: string | null }[];
  const labels = sql.prepare('select id, name, slug from labels order by id').all() as {
    id: number;
    name: string;
    slug: string;
  }[];
  const postLabels = sql
    .prepare(
      'select pl.post_id, l.name, l.slug from post_labels pl join labels l on l.id = pl.label_id order by l.name',
    )
    .all() as { post_id: number; name: string; slug: string }[];
  const comments = sql
    .prepare(
      `select c.id, c.post_id, c.parent_id, c.author_name, c.author_email, c.author_url, c.body_html, c.status,
              c.created_at, c.author_id, u.name as user_name, u.email as user_email
         from comments c left join users u on u.id = c.author_id
        where c.status in ('visible', 'pending', 'removed') order by c.id`,
    )
    .all() as WxrCommentRow[];
  return { posts, authors, labels, postLabels, comments };
}
