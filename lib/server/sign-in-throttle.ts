/**
 * Brute-force protection for password sign-in, as a pure policy: after a few failures each further
 * attempt waits a little longer, and after many the account (or address) is locked for a while.
 */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const FREE_FAILURES = 3;
/** Failures before one account is locked. */
export const LOCK_AFTER_FAILURES = 10;
/** Failures before one network address is locked: higher, since many people may share it. */
export const LOCK_ADDRESS_AFTER_FAILURES = 100;
export const LOCK_MS = 15 * 60_000;
export const MAX_DELAY_MS = 2000;

export type ThrottleState = { failures: number; firstFailureAt: Date; lockedUntil: Date | null };

export type ThrottleDecision = { allowed: true; delayMs: number } | { allowed: false; retryAt: Date };

export function throttleDecision(state: ThrottleState | null, now: Date): ThrottleDecision {
  if (!state) return { allowed: true, delayMs: 0 };
  if (state.lockedUntil && state.lockedUntil > now) return { allowed: false, retryAt: state.lockedUntil };
  if (now.getTime() - state.firstFailureAt.getTime() > THROTTLE_WINDOW_MS) return { allowed: true, delayMs: 0 };
  const extra = state.failures - FREE_FAILURES;
  return { allowed: true, delayMs: extra <= 0 ? 0 : Math.min(MAX_DELAY_MS, 250 * 2 ** (extra - 1)) };
}

/** The failures that lock a counter's key: `ip:<address>` (shared by many people) or an account's `email:<address>`. */
export function lockThreshold(key: string): number {
  return key.startsWith('ip:') ? LOCK_ADDRESS_AFTER_FAILURES : LOCK_AFTER_FAILURES;
}

/** The state after one more failure; `lockAfter` is the account's or the address's threshold. */
export function recordFailure(state: ThrottleState | null, now: Date, lockAfter = LOCK_AFTER_FAILURES): ThrottleState {
  const fresh = !state || now.getTime() - state.firstFailureAt.getTime() > THROTTLE_WINDOW_MS;
  const failures = fresh ? 1 : state.failures + 1;
  return {
    failures,
    firstFailureAt: fresh ? now : state.firstFailureAt,
    lockedUntil: failures >= lockAfter ? new Date(now.getTime() + LOCK_MS) : null,
  };
}
