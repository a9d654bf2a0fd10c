import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import {
  LOCK_ADDRESS_AFTER_FAILURES,
  LOCK_AFTER_FAILURES,
  recordFailure,
  type ThrottleState,
} from '@/lib/server/sign-in-throttle';
import { getDb } from '../client';
import { signInThrottle } from '../schema';

export function getThrottleStates(keys: string[]): Map<string, ThrottleState> {
  const rows = getDb().select().from(signInThrottle).where(inArray(signInThrottle.key, keys)).all();
  return new Map(rows.map((row) => [row.key, row]));
}

export function recordSignInFailure(keys: string[], now: Date): void {
  const db = getDb();
  db.transaction((tx) => {
    for (const key of keys) {
      const current = tx.select().from(signInThrottle).where(eq(signInThrottle.key, key)).get() ?? null;
      const next = recordFailure(
        current,
        now,
        key.startsWith('ip:') ? LOCK_ADDRESS_AFTER_FAILURES : LOCK_AFTER_FAILURES,
      );
      tx.insert(signInThrottle)
        .values({ key, ...next })
        .onConflictDoUpdate({ target: signInThrottle.key, set: next })
        .run();
    }
  });
}

export function clearSignInFailures(keys: string[]): void {
  getDb().delete(signInThrottle).where(inArray(signInThrottle.key, keys)).run();
}
