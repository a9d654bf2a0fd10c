import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { getWriter, type QuireDatabase } from './client';

export const migrationsFolder = join(process.cwd(), 'db', 'migrations');

/** Applies the committed drizzle-kit migrations (to the process's database unless told); already-applied ones are skipped. */
export function migrateDatabase(db: QuireDatabase = getWriter(), folder: string = migrationsFolder): void {
  migrate(db, { migrationsFolder: folder });
}
