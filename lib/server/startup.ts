import 'server-only';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase } from '@/db/migrate';
import { failInterruptedImportJobs } from '@/db/queries/imports';
import { describeSeed, seedDemo } from '../services/demo/seed';
import { databaseProblem } from '@/db/problems';
import { ConfigurationProblem, databaseLabel, getEnv, s3Settings } from './env';
import { logger } from './logger';
import { startScheduler } from '../services/scheduler';
import { ensureSecret } from './secrets';
import { bucketProblem } from './uploads/s3-store';

/** Runs once when the server starts: migrate, seed an empty database, make local secrets. */
export async function startQuire(): Promise<void> {
  try {
    await prepareQuire();
  } catch (error) {
    if (!(error instanceof ConfigurationProblem)) throw error;
    // Next would print the stack of an error thrown here, then serve pages anyway without this
    // start-up work: a wrong setting stops the server, with the sentence that says what to change.
    logger.fatal(error.message);
    logger.flush();
    process.exit(1);
  }
}

async function prepareQuire(): Promise<void> {
  const env = getEnv();
  const bucket = s3Settings(env);
  if (bucket) {
    // Asked before anything else: a server that starts with a bucket it cannot write to would only
    // find out at the first upload.
    const problem = await bucketProblem(bucket);
    if (problem) throw new ConfigurationProblem(`Quire cannot start: ${problem}`);
  }
  // Pages cached by an earlier run may show another database's content; this server keeps its
  // page cache in memory (isrFlushToDisk: false), so drop any copy left on disk.
  rmSync(join(process.cwd(), '.next', 'server', 'route-cache'), { recursive: true, force: true });
  try {
    await migrateDatabase();
  } catch (error) {
    const problem = databaseProblem(error);
    if (problem) throw new ConfigurationProblem(`Quire cannot start: ${problem}`);
    throw error;
  }
  ensureSecret('internal');
  ensureSecret('auth');
  if (env.SEED_DEMO === '1' || env.SEED_DEMO === 'true') {
    const result = await seedDemo();
    if (result.seeded) logger.info(describeSeed(result));
  }
  // Imports running when the server last stopped are marked failed, at the start of the server, not
  // when one of its processes is replaced (scripts/cluster.mjs numbers them): another may run one now.
  if (firstProcessOfStart()) {
    const interrupted = await failInterruptedImportJobs();
    if (interrupted > 0) logger.warn(`${interrupted} import(s) were cut short by the last stop.`);
  }
  const published = await startScheduler();
  if (published.length > 0) logger.info(`Published ${published.length} post(s) scheduled while stopped.`);
  logger.info({ database: databaseLabel(env) }, 'The database is ready.');
  if (bucket) logger.info({ bucket: bucket.bucket, endpoint: bucket.endpoint }, 'Uploads go to the S3 bucket.');
}

/** Whether this is the server's only process, or the first of its cluster's (QUIRE_WORKER, set by scripts/cluster.mjs). */
function firstProcessOfStart(): boolean {
  const worker = process.env.QUIRE_WORKER;
  return worker === undefined || worker === '1';
}
