import { eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDraftPost } from './post-workflow';
import { acquireJobLease, releaseJobLease } from '@/db/queries/job-leases';
import { createUser } from '@/lib/services/users';
import { posts } from '@/db/tables';
import { useTestDatabase } from '@/db/test-database';
import type { QuireDatabase } from '@/db/client';
import { runSchedulerTick, SCHEDULER_LEASE_MS } from './scheduler';
import { stopPostEmails } from './subscriptions';

// Two app servers on one database, as two holders in one process: the lease row decides which runs.

let db: QuireDatabase;
const now = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

async function schedulePost(slug: string, at: Date): Promise<number> {
  const author = await createUser({
    name: slug,
    handle: `author-${slug}`,
    email: `${slug}@example.test`,
    role: 'author',
  });
  const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
  await db.update(posts).set({ title: slug, slug, status: 'scheduled', publishedAt: at }).where(eq(posts.id, id));
  return id;
}

// A publish starts the new-post mailer in the background: stopped before this file's databases go.
afterAll(() => stopPostEmails());

beforeEach(async () => {
  db = await useTestDatabase();
});

describe('the scheduler on several servers', () => {
  it('runs a tick on one server only, and that server publishes the post once', async () => {
    await schedulePost('due-now', now);
    const first = await runSchedulerTick({ holder: 'server-a', now });
    const second = await runSchedulerTick({ holder: 'server-b', now });
    expect(first).toEqual({ ran: true, slugs: ['due-now'] });
    expect(second).toEqual({ ran: false, slugs: [] });
    const statuses = await db.select({ status: posts.status }).from(posts);
    expect(statuses).toEqual([{ status: 'published' }]);
  });

  it('lets the holder renew its lease, and another server take it only once it has run out', async () => {
    expect((await runSchedulerTick({ holder: 'server-a', now })).ran).toBe(true);
    expect((await runSchedulerTick({ holder: 'server-a', now: later(30_000) })).ran).toBe(true);
    // Renewed at +30 s: still server A's just before +90 s, free from then.
    expect((await runSchedulerTick({ holder: 'server-b', now: later(30_000 + SCHEDULER_LEASE_MS - 1) })).ran).toBe(
      false,
    );
    await schedulePost('after-a-stopped', later(60_000));
    expect(await runSchedulerTick({ holder: 'server-b', now: later(30_000 + SCHEDULER_LEASE_MS) })).toEqual({
      ran: true,
      slugs: ['after-a-stopped'],
    });
    expect((await runSchedulerTick({ holder: 'server-a', now: later(100_000) })).ran).toBe(false);
  });

  it('hands the lease over at once when its holder gives it up (a server stopping)', async () => {
    expect(await acquireJobLease({ name: 'scheduler', holder: 'server-a', ttlMs: SCHEDULER_LEASE_MS, now })).toBe(true);
    await releaseJobLease({ name: 'scheduler', holder: 'server-b' });
    expect(await acquireJobLease({ name: 'scheduler', holder: 'server-b', ttlMs: SCHEDULER_LEASE_MS, now })).toBe(
      false,
    );
    await releaseJobLease({ name: 'scheduler', holder: 'server-a' });
    expect(await acquireJobLease({ name: 'scheduler', holder: 'server-b', ttlMs: SCHEDULER_LEASE_MS, now })).toBe(true);
  });

  it('keeps one lease per job name', async () => {
    expect(await acquireJobLease({ name: 'scheduler', holder: 'server-a', ttlMs: 1000, now })).toBe(true);
    expect(await acquireJobLease({ name: 'another-job', holder: 'server-b', ttlMs: 1000, now })).toBe(true);
  });
});
