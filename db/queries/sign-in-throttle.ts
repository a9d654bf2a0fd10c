import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { ThrottleState } from '@/lib/server/sign-in-throttle';
import { getDb } from '../client';
import { signInThrottle } from '../schema';

export function getThrottleStates(keys: string[]): Map<string, ThrottleState> {
  const rows = getDb().select().from(signInThrottle).where(inArray(signInThrottle.key, keys)).all();
  return new Map(rows.map((row) => [row.key, row]));
}

/** Replaces each key's state with what lib's rule `next` makes of it, all in one transaction. */
export function updateThrottleStates(
  keys: string[],
  next: (key: string, current: ThrottleState | null) => ThrottleState,
): void {
  getDb().transaction((tx) => {
    for (const key of keys) {
      const current = tx.select().from(signInThrottle).where(eq(signInThrottle.key, key)).get() ?? null;
      const state = next(key, current);
      tx.insert(signInThrottle)
        .values({ key, ...state })
        .onConflictDoUpdate({ target: signInThrottle.key, set: state })
        .run();
    }
  });
}

export function clearSignInFailures(keys: string[]): void {
  getDb().delete(signInThrottle).where(inArray(signInThrottle.key, keys)).run();
}
