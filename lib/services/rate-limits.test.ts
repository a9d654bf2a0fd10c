import { beforeEach, describe, expect, it } from 'vitest';
import type { RateLimitPolicy } from '@/lib/server/rate-limit';
import type { QuireDatabase } from '@/db/client';
import { rateLimits } from '@/db/tables';
import { useTestDatabase } from '@/db/test-database';
import { hitRateLimits, peekRateLimits } from './rate-limits';

const perEmail: RateLimitPolicy = { name: 'mail:email', limit: 2, windowMs: 60_000, message: 'Too many mails.' };
const perAddress: RateLimitPolicy = { name: 'mail:address', limit: 3, windowMs: 60_000, message: 'Too many here.' };
const now = new Date('2026-11-26T12:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
let db: QuireDatabase;

beforeEach(async () => {
  db = await useTestDatabase();
});

describe('hitRateLimits', () => {
  it('refuses the hit after the limit with the policy sentence, per subject', async () => {
    const checks = (email: string) => [
      { policy: perEmail, subject: email },
      { policy: perAddress, subject: '203.0.113.7' },
    ];
    expect(await hitRateLimits(checks('a@quire.test'), now)).toEqual({ allowed: true });
    expect(await hitRateLimits(checks('A@quire.test'), later(1))).toEqual({ allowed: true });
    expect(await hitRateLimits(checks('a@quire.test'), later(2))).toEqual({
      allowed: false,
      message: 'Too many mails.',
      retryAt: later(60_000),
    });
    // Another email from the same address still fits the address's limit of three...
    expect(await hitRateLimits(checks('b@quire.test'), later(3))).toEqual({ allowed: true });
    // ...and the refused hit above was not counted against the address either: this is its fourth.
    expect(await hitRateLimits(checks('c@quire.test'), later(4))).toMatchObject({
      allowed: false,
      message: 'Too many here.',
    });
  });

  it('lets hits through again in the next window and forgets old counters', async () => {
    const checks = [{ policy: perEmail, subject: 'a@quire.test' }];
    await hitRateLimits(checks, now);
    await hitRateLimits(checks, now);
    expect((await hitRateLimits(checks, later(1000))).allowed).toBe(false);
    expect((await hitRateLimits(checks, later(60_000))).allowed).toBe(true);
    await hitRateLimits([{ policy: perEmail, subject: 'b@quire.test' }], later(60_000));
    await hitRateLimits([{ policy: perEmail, subject: 'c@quire.test' }], later(2 * 24 * 3_600_000));
    expect((await db.select({ key: rateLimits.key }).from(rateLimits)).map((row) => row.key)).toEqual([
      'mail:email:c@quire.test',
    ]);
  });
});

describe('peekRateLimits', () => {
  it('answers without counting', async () => {
    const checks = [{ policy: perEmail, subject: 'a@quire.test' }];
    for (let index = 0; index < 5; index++) expect(await peekRateLimits(checks, now)).toEqual({ allowed: true });
    await hitRateLimits(checks, now);
    await hitRateLimits(checks, now);
    expect(await peekRateLimits(checks, now)).toMatchObject({ allowed: false, message: 'Too many mails.' });
  });
});
