import { join } from 'node:path';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { getWriter, type QuireDatabase } from './client';
import { onPostgres } from './dialect';

export const migrationsFolder = join(process.cwd(), 'db', 'migrations');
export const postgresMigrationsFolder = join(process.cwd(), 'db', 'migrations-pg');

/**
 * Applies the committed drizzle-kit migrations of this process's dialect (to the process's database
 * unless told); already-applied ones are skipped.
 */
export async function migrateDatabase(db: QuireDatabase = getWriter(), folder?: string): Promise<void> {
  if (!onPostgres) return migrateSqlite(db, { migrationsFolder: folder ?? migrationsFolder });
  await migratePostgresDatabase(db.$client as unknown as pg.Pool, folder ?? postgresMigrationsFolder);
}

/** Any number, the same in every Quire: the lock servers starting together take to migrate one at a time. */
const MIGRATION_LOCK = 7_420_517;

/**
 * PostgreSQL: on one connection of its own that holds a session lock while it migrates, so servers
 * starting at the same moment apply each migration once (the second waits, then finds nothing to do).
 */
async function migratePostgresDatabase(pool: pg.Pool, folder: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      // Its notices ("schema already exists, skipping") are for a person migrating by hand.
      await client.query('set client_min_messages = warning');
      await migratePostgres(drizzle(client), { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
