import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { ThrottleState } from '@/lib/server/sign-in-throttle';
import { getDb, lockFor, write } from '../client';
import { signInThrottle } from '../tables';

export async function getThrottleStates(keys: string[]): Promise<Map<string, ThrottleState>> {
  const rows = await getDb().select().from(signInThrottle).where(inArray(signInThrottle.key, keys));
  return new Map(rows.map((row) => [row.key, row]));
}

/** Replaces each key's state with what lib's rule `next` makes of it, all in one transaction. */
export async function updateThrottleStates(
  keys: string[],
  next: (key: string, current: ThrottleState | null) => ThrottleState,
): Promise<void> {
  await write(async (tx) => {
    for (const key of keys) {
      // Each key's read and write as one step, also when servers write side by side (PostgreSQL).
      await lockFor(tx, `sign-in-throttle:${key}`);
      const [current] = await tx.select().from(signInThrottle).where(eq(signInThrottle.key, key)).limit(1);
      const state = next(key, current ?? null);
      await tx
        .insert(signInThrottle)
        .values({ key, ...state })
        .onConflictDoUpdate({ target: signInThrottle.key, set: state });
    }
  });
}

export async function clearSignInFailures(keys: string[]): Promise<void> {
  await write((db) => db.delete(signInThrottle).where(inArray(signInThrottle.key, keys)));
}
