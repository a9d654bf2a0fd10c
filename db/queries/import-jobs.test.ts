import { beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '@/lib/services/users';
import { useTestDatabase } from '../test-database';
import { createImportJob, failInterruptedImportJobs, getImportJob, importLeaseName } from './imports';
import { acquireJobLease } from './job-leases';

const now = new Date('2026-12-02T12:00:00Z');
let userId: string;

beforeEach(async () => {
  await useTestDatabase();
  userId = (await createUser({ email: 'admin@quire.test', name: 'Admin', role: 'admin' })).id;
});

describe('imports interrupted by a stopped server', () => {
  it('fails the running imports whose lease ran out, and leaves the one another server is running', async () => {
    for (const id of ['running-elsewhere', 'stopped', 'lease-ran-out']) {
      await createImportJob({ id, fileName: `${id}.xml`, startedBy: userId });
    }
    const ttlMs = 60_000;
    await acquireJobLease({ name: importLeaseName('running-elsewhere'), holder: 'server-b', ttlMs, now });
    const longAgo = new Date(now.getTime() - 10 * ttlMs);
    await acquireJobLease({ name: importLeaseName('lease-ran-out'), holder: 'server-a', ttlMs, now: longAgo });

    expect(await failInterruptedImportJobs(now)).toBe(2);
    expect((await getImportJob({ id: 'running-elsewhere' }))?.status).toBe('running');
    expect((await getImportJob({ id: 'stopped' }))?.status).toBe('failed');
    expect((await getImportJob({ id: 'lease-ran-out' }))?.error).toMatch(/The server stopped during this import/);
  });
});
