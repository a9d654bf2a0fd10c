import 'server-only';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase } from '@/db/migrate';
import { failInterruptedImportJobs } from '@/db/queries/imports';
import { describeSeed, seedDemo } from '../services/demo/seed';
import { databasePath, getEnv } from './env';
import { logger } from './logger';
import { startScheduler } from '../services/scheduler';
import { ensureSecret } from './secrets';

/** Runs once when the server starts: migrate, seed an empty database, make local secrets. */
export async function startQuire(): Promise<void> {
  const env = getEnv();
  // Pages cached by an earlier run may show another database's content; this server keeps its
  // page cache in memory (isrFlushToDisk: false), so drop any copy left on disk.
  rmSync(join(process.cwd(), '.next', 'server', 'route-cache'), { recursive: true, force: true });
  migrateDatabase();
  ensureSecret('internal');
  ensureSecret('auth');
  if (env.SEED_DEMO === '1' || env.SEED_DEMO === 'true') {
    const result = await seedDemo();
    if (result.seeded) logger.info(describeSeed(result));
  }
  const interrupted = failInterruptedImportJobs();
  if (interrupted > 0) logger.warn(`${interrupted} import(s) were cut short by the last stop.`);
  const published = startScheduler();
  if (published.length > 0) logger.info(`Published ${published.length} post(s) scheduled while stopped.`);
  logger.info({ database: databasePath(env) }, 'The database is ready.');
}
