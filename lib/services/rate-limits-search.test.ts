import { beforeEach, describe, expect, it } from 'vitest';
import type { RateLimitPolicy } from '@/lib/server/rate-limit';
import type { QuireDatabase } from '@/db/client';
import { rateLimits } from '@/db/tables';
import { useTestDatabase } from '@/db/test-database';
import { hitRateLimits } from './rate-limits';

const policy: RateLimitPolicy = { name: 'search:address', limit: 3, windowMs: 60_000, message: 'Too many searches.' };
const now = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
let db: QuireDatabase;

beforeEach(async () => {
  db = await useTestDatabase();
});

// One policy at a time, as proxy.ts counts searches.
const hitRateLimit = (policy: RateLimitPolicy, subject: string, at: Date) => hitRateLimits([{ policy, subject }], at);

describe('hitRateLimits, one policy', () => {
  it('refuses the hit after the limit until the window closes, per subject, without counting refusals', async () => {
    for (const ms of [0, 1, 2]) expect(await hitRateLimit(policy, '203.0.113.7', later(ms))).toEqual({ allowed: true });
    expect(await hitRateLimit(policy, '203.0.113.7', later(3))).toEqual({
      allowed: false,
      message: 'Too many searches.',
      retryAt: later(60_000),
    });
    expect(await hitRateLimit(policy, '203.0.113.8', later(4))).toEqual({ allowed: true });
    expect(await db.select().from(rateLimits)).toEqual([
      { key: 'search:address:203.0.113.7', windowStart: now, hits: 3 },
      { key: 'search:address:203.0.113.8', windowStart: later(4), hits: 1 },
    ]);
    expect(await hitRateLimit(policy, '203.0.113.7', later(60_000))).toEqual({ allowed: true });
  });

  it('forgets counters whose window closed long ago', async () => {
    await hitRateLimit(policy, 'a', now);
    await hitRateLimit(policy, 'a', later(1));
    await hitRateLimit(policy, 'a', later(2));
    expect((await hitRateLimit(policy, 'a', later(3))).allowed).toBe(false);
    await hitRateLimit(policy, 'b', later(2 * 24 * 3_600_000));
    expect(await db.select({ key: rateLimits.key }).from(rateLimits)).toEqual([{ key: 'search:address:b' }]);
  });
});
