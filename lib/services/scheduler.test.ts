import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDraftPost } from './post-workflow';
import { acquireJobLease, releaseJobLease } from '@/db/queries/job-leases';
import { createUser } from '@/lib/services/users';
import { posts } from '@/db/schema';
import { useTestDatabase } from '@/db/test-database';
import type { QuireDatabase } from '@/db/client';
import { runSchedulerTick, SCHEDULER_LEASE_MS } from './scheduler';

// Two app servers on one database, as two holders in one process: the lease row decides which runs.

let db: QuireDatabase;
const now = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

function schedulePost(slug: string, at: Date): number {
  const author = createUser({ name: slug, handle: `author-${slug}`, email: `${slug}@example.test`, role: 'author' });
  const id = createDraftPost({ authorId: author.id, commentsOpen: true });
  db.update(posts).set({ title: slug, slug, status: 'scheduled', publishedAt: at }).where(eq(posts.id, id)).run();
  return id;
}

beforeEach(() => {
  db = useTestDatabase();
});

describe('the scheduler on several servers', () => {
  it('runs a tick on one server only, and that server publishes the post once', () => {
    schedulePost('due-now', now);
    const first = runSchedulerTick({ holder: 'server-a', now });
    const second = runSchedulerTick({ holder: 'server-b', now });
    expect(first).toEqual({ ran: true, slugs: ['due-now'] });
    expect(second).toEqual({ ran: false, slugs: [] });
    const statuses = db.select({ status: posts.status }).from(posts).all();
    expect(statuses).toEqual([{ status: 'published' }]);
  });

  it('lets the holder renew its lease, and another server take it only once it has run out', () => {
    expect(runSchedulerTick({ holder: 'server-a', now }).ran).toBe(true);
    expect(runSchedulerTick({ holder: 'server-a', now: later(30_000) }).ran).toBe(true);
    // Renewed at +30 s: still server A's just before +90 s, free from then.
    expect(runSchedulerTick({ holder: 'server-b', now: later(30_000 + SCHEDULER_LEASE_MS - 1) }).ran).toBe(false);
    schedulePost('after-a-stopped', later(60_000));
    expect(runSchedulerTick({ holder: 'server-b', now: later(30_000 + SCHEDULER_LEASE_MS) })).toEqual({
      ran: true,
      slugs: ['after-a-stopped'],
    });
    expect(runSchedulerTick({ holder: 'server-a', now: later(100_000) }).ran).toBe(false);
  });

  it('hands the lease over at once when its holder gives it up (a server stopping)', () => {
    expect(acquireJobLease({ name: 'scheduler', holder: 'server-a', ttlMs: SCHEDULER_LEASE_MS, now })).toBe(true);
    releaseJobLease({ name: 'scheduler', holder: 'server-b' });
    expect(acquireJobLease({ name: 'scheduler', holder: 'server-b', ttlMs: SCHEDULER_LEASE_MS, now })).toBe(false);
    releaseJobLease({ name: 'scheduler', holder: 'server-a' });
    expect(acquireJobLease({ name: 'scheduler', holder: 'server-b', ttlMs: SCHEDULER_LEASE_MS, now })).toBe(true);
  });

  it('keeps one lease per job name', () => {
    expect(acquireJobLease({ name: 'scheduler', holder: 'server-a', ttlMs: 1000, now })).toBe(true);
    expect(acquireJobLease({ name: 'another-job', holder: 'server-b', ttlMs: 1000, now })).toBe(true);
  });
});
