import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test-database';
import { clearSignInFailures, getThrottleStates, updateThrottleStates } from './sign-in-throttle';

const now = new Date('2026-12-01T10:00:00Z');

beforeEach(async () => {
  await useTestDatabase();
});

describe('sign-in throttle storage', () => {
  it('stores what the rule makes of each key’s current state, and forgets it when cleared', async () => {
    const keys = ['email:ada@quire.test', 'ip:203.0.113.9'];
    const seen: [string, number | null][] = [];
    const oneMore = (key: string, current: { failures: number } | null) => {
      seen.push([key, current?.failures ?? null]);
      return { failures: (current?.failures ?? 0) + 1, firstFailureAt: now, lockedUntil: null };
    };
    await updateThrottleStates(keys, oneMore);
    await updateThrottleStates(keys.slice(1), oneMore);
    expect(seen).toEqual([
      ['email:ada@quire.test', null],
      ['ip:203.0.113.9', null],
      ['ip:203.0.113.9', 1],
    ]);
    const states = await getThrottleStates(keys);
    expect(states.get('email:ada@quire.test')).toEqual({
      key: 'email:ada@quire.test',
      failures: 1,
      firstFailureAt: now,
      lockedUntil: null,
    });
    expect(states.get('ip:203.0.113.9')?.failures).toBe(2);
    await clearSignInFailures(keys);
    expect((await getThrottleStates(keys)).size).toBe(0);
  });
});
