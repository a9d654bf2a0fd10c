import { describe, expect, it } from 'vitest';
import {
  LOCK_ADDRESS_AFTER_FAILURES,
  LOCK_AFTER_FAILURES,
  LOCK_MS,
  lockThreshold,
  recordFailure,
  throttleDecision,
  THROTTLE_WINDOW_MS,
  type ThrottleState,
} from './sign-in-throttle';

const start = new Date('2026-11-26T12:00:00Z');
const after = (ms: number) => new Date(start.getTime() + ms);

function failTimes(count: number, lockAfter?: number): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (let index = 0; index < count; index++) state = recordFailure(state, after(index * 1000), lockAfter);
  return state;
}

describe('sign-in throttle', () => {
  it('lets the first attempts through without delay', () => {
    expect(throttleDecision(null, start)).toEqual({ allowed: true, delayMs: 0 });
    expect(throttleDecision(failTimes(3), after(3000))).toEqual({ allowed: true, delayMs: 0 });
  });

  it('slows down after a few failures, up to two seconds', () => {
    expect(throttleDecision(failTimes(4), after(5000))).toEqual({ allowed: true, delayMs: 250 });
    expect(throttleDecision(failTimes(5), after(6000))).toEqual({ allowed: true, delayMs: 500 });
    expect(throttleDecision(failTimes(9), after(10_000))).toEqual({ allowed: true, delayMs: 2000 });
  });

  it('locks after ten failures for fifteen minutes', () => {
    const locked = failTimes(LOCK_AFTER_FAILURES)!;
    expect(throttleDecision(locked, after(10_000))).toEqual({ allowed: false, retryAt: locked.lockedUntil });
    expect(locked.lockedUntil!.getTime() - after(9000).getTime()).toBe(LOCK_MS);
    expect(throttleDecision(locked, new Date(locked.lockedUntil!.getTime() + 1)).allowed).toBe(true);
  });

  it('uses a higher threshold for a shared address', () => {
    expect(failTimes(LOCK_AFTER_FAILURES, 100)!.lockedUntil).toBeNull();
  });

  it('forgets failures older than the window', () => {
    const state = failTimes(8)!;
    expect(throttleDecision(state, after(THROTTLE_WINDOW_MS + 60_000))).toEqual({ allowed: true, delayMs: 0 });
    expect(recordFailure(state, after(THROTTLE_WINDOW_MS + 60_000)).failures).toBe(1);
  });
});

describe('lockThreshold', () => {
  it('locks a network address later than an account, since many people may share it', () => {
    expect(lockThreshold('ip:203.0.113.9')).toBe(LOCK_ADDRESS_AFTER_FAILURES);
    expect(lockThreshold('email:ip@quire.test')).toBe(LOCK_AFTER_FAILURES);
    expect(LOCK_ADDRESS_AFTER_FAILURES).toBeGreaterThan(LOCK_AFTER_FAILURES);
  });
});
