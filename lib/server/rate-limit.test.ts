import { describe, expect, it } from 'vitest';
import { rateLimitDecision, rateLimitKey, searchLimitPolicy, type RateLimitPolicy } from './rate-limit';

const policy: RateLimitPolicy = { name: 'test', limit: 3, windowMs: 60_000, message: 'Slow down.' };
const start = new Date('2026-11-26T12:00:00Z');
const after = (ms: number) => new Date(start.getTime() + ms);

describe('rateLimitDecision', () => {
  it('opens a window at the first hit', () => {
    expect(rateLimitDecision(null, policy, start)).toEqual({ allowed: true, next: { windowStart: start, hits: 1 } });
  });

  it('counts hits up to the limit, then refuses until the window closes', () => {
    expect(rateLimitDecision({ windowStart: start, hits: 2 }, policy, after(10_000))).toEqual({
      allowed: true,
      next: { windowStart: start, hits: 3 },
    });
    expect(rateLimitDecision({ windowStart: start, hits: 3 }, policy, after(59_999))).toEqual({
      allowed: false,
      retryAt: after(60_000),
      message: 'Slow down.',
    });
  });

  it('starts a fresh window once the old one has passed', () => {
    expect(rateLimitDecision({ windowStart: start, hits: 3 }, policy, after(60_000))).toEqual({
      allowed: true,
      next: { windowStart: after(60_000), hits: 1 },
    });
  });
});

describe('rateLimitKey', () => {
  it('names the policy and folds the subject to lower case', () => {
    expect(rateLimitKey(policy, ' Ada@Example.com ')).toBe('test:ada@example.com');
  });
});

describe('searchLimitPolicy', () => {
  it('counts searches per minute with the limit SEARCH_RATE_LIMIT gives, and none at 0', () => {
    expect(searchLimitPolicy(60)).toEqual({
      name: 'search:address',
      limit: 60,
      windowMs: 60_000,
      message: 'Too many searches from your address. Wait a minute and search again.',
    });
    expect(searchLimitPolicy(1_000_000)?.limit).toBe(1_000_000);
    expect(searchLimitPolicy(0)).toBeNull();
  });
});
