import 'server-only';
import { randomUUID } from 'node:crypto';
import { createImportJob, importLeaseName, updateImportJob } from '@/db/queries/imports';
import { acquireJobLease, releaseJobLease } from '@/db/queries/job-leases';
import { leaseHolder } from '@/lib/server/lease-holder';
import { notifyServer } from '@/lib/server/notify-server';
import { applyImport, importSteps } from './apply';
import { downloadImages } from './download-images';
import { readExportFile } from './read';
import type { ImportBundle } from './types';
import { ImportRefused } from './xml';
import { logger } from '@/lib/server/logger';

export type StartedJob = { jobId: string; run: (() => Promise<void>) | null };

/**
 * While an import runs, its server renews a lease on it: a server starting meanwhile (another app
 * server, or this one restarted) fails only imports whose lease has run out (failInterruptedImportJobs).
 */
export const IMPORT_LEASE_MS = 2 * 60_000;
const IMPORT_LEASE_RENEW_MS = 30_000;

/**
 * The dashboard's import: the file is read and checked at once (a refused file becomes a failed job
 * with its reason); `run` then writes it in batches, recording progress for the job's page.
 */
export async function startImportJob(input: {
  fileName: string;
  content: Buffer;
  userId: string;
  /** Fetch the posts' images into the uploads store first (the server needs network access). */
  downloadImages?: boolean;
}): Promise<StartedJob> {
  const jobId = randomUUID();
  const lease = { name: importLeaseName(jobId), holder: leaseHolder, ttlMs: IMPORT_LEASE_MS };
  await acquireJobLease(lease);
  await createImportJob({ id: jobId, fileName: input.fileName.slice(0, 200) || 'export.xml', startedBy: input.userId });
  let bundle: ImportBundle;
  try {
    bundle = readExportFile(input.content);
  } catch (error) {
    const message = error instanceof ImportRefused ? error.message : 'The file could not be read as an export.';
    if (!(error instanceof ImportRefused)) logger.error({ err: error }, 'An import could not read its file.');
    await updateImportJob(jobId, { status: 'failed', error: message, finishedAt: new Date() });
    await releaseJobLease(lease);
    return { jobId, run: null };
  }
  const steps = importSteps(bundle);
  await updateImportJob(jobId, { format: bundle.format, total: steps });
  const run = async () => {
    const renewal = setInterval(() => void acquireJobLease(lease).catch(() => {}), IMPORT_LEASE_RENEW_MS);
    renewal.unref();
    try {
      // Progress counts the images first (when they are downloaded), then the import's steps.
      let offset = 0;
      if (input.downloadImages) {
        await downloadImages(bundle, input.userId, async (done, total) => {
          offset = total;
          await updateImportJob(jobId, { done, total: total + steps });
        });
      }
      const report = await applyImport(bundle, {
        defaultAuthorId: input.userId,
        onProgress: (done, total) => updateImportJob(jobId, { done: offset + done, total: offset + total }),
      });
      await updateImportJob(jobId, { status: 'done', report, finishedAt: new Date() });
    } catch (error) {
      logger.error({ err: error }, 'An import failed and was rolled back.');
      await updateImportJob(jobId, {
        status: 'failed',
        error: 'The import failed while writing and everything it had written was taken back. Nothing changed.',
        finishedAt: new Date(),
      });
    } finally {
      clearInterval(renewal);
      await releaseJobLease(lease).catch(() => {});
    }
    await notifyServer();
  };
  return { jobId, run };
}
