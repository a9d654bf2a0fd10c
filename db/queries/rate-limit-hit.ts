import 'server-only';
import { eq, lt, sql } from 'drizzle-orm';
import { LONGEST_WINDOW_MS, rateLimitDecision, rateLimitKey, type RateLimitPolicy } from '@/lib/rate-limit';
import { getDb, type QuireDatabase } from '../client';
import { rateLimits } from '../schema';
import type { RateLimitResult } from './rate-limits';

// hitRateLimits (rate-limits.ts) builds its SQL on every call, about 0.25 ms: nothing for a sign-up,
// a third of the time a cached search page takes. This counts one policy with statements prepared
// once per connection (about 0.06 ms), for limits checked on every request of a page (searches).
function prepare(db: QuireDatabase) {
  return {
    read: db
      .select({ windowStart: rateLimits.windowStart, hits: rateLimits.hits })
      .from(rateLimits)
      .where(eq(rateLimits.key, sql.placeholder('key')))
      .prepare(),
    write: db
      .insert(rateLimits)
      // Times go in as milliseconds, as the timestamp_ms columns store them: drizzle does not convert
      // a Date bound to a prepared statement's placeholder.
      .values({
        key: sql.placeholder('key'),
        windowStart: sql`${sql.placeholder('windowStart')}`,
        hits: sql.placeholder('hits'),
      })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: { windowStart: sql`excluded.window_start`, hits: sql`excluded.hits` },
      })
      .prepare(),
    forget: db
      .delete(rateLimits)
      .where(lt(rateLimits.windowStart, sql`${sql.placeholder('before')}`))
      .prepare(),
  };
}

const prepared = new WeakMap<QuireDatabase, ReturnType<typeof prepare>>();

/** Counts one hit against one policy, as hitRateLimits does for a single check: refused hits are not counted. */
export function hitRateLimit(policy: RateLimitPolicy, subject: string, now = new Date()): RateLimitResult {
  const db = getDb();
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = prepare(db)));
  const { read, write, forget } = statements;
  const key = rateLimitKey(policy, subject);
  // One write lock from the read to the write (BEGIN IMMEDIATE), so two servers cannot both take
  // the last hit. Statements of the connection run inside its transaction.
  return db.$client
    .transaction((): RateLimitResult => {
      const decision = rateLimitDecision(read.get({ key }) ?? null, policy, now);
      if (!decision.allowed) return { allowed: false, message: decision.message, retryAt: decision.retryAt };
      write.run({ key, windowStart: decision.next.windowStart.getTime(), hits: decision.next.hits });
      // Counters whose window closed long ago only take space (the window_start index finds them).
      forget.run({ before: now.getTime() - LONGEST_WINDOW_MS });
      return { allowed: true };
    })
    .immediate();
}
