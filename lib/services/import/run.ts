import 'server-only';
import { randomUUID } from 'node:crypto';
import { createImportJob, updateImportJob } from '@/db/queries/imports';
import { notifyServer } from '@/lib/server/notify-server';
import { applyImport, importSteps } from './apply';
import { downloadImages } from './download-images';
import { readExportFile } from './read';
import type { ImportBundle } from './types';
import { ImportRefused } from './xml';
import { logger } from '@/lib/server/logger';

export type StartedJob = { jobId: string; run: (() => Promise<void>) | null };

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
  await createImportJob({ id: jobId, fileName: input.fileName.slice(0, 200) || 'export.xml', startedBy: input.userId });
  let bundle: ImportBundle;
  try {
    bundle = readExportFile(input.content);
  } catch (error) {
    const message = error instanceof ImportRefused ? error.message : 'The file could not be read as an export.';
    if (!(error instanceof ImportRefused)) logger.error({ err: error }, 'An import could not read its file.');
    await updateImportJob(jobId, { status: 'failed', error: message, finishedAt: new Date() });
    return { jobId, run: null };
  }
  const steps = importSteps(bundle);
  await updateImportJob(jobId, { format: bundle.format, total: steps });
  const run = async () => {
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
    }
    await notifyServer();
  };
  return { jobId, run };
}
