import 'server-only';
import { eq, lt, sql } from 'drizzle-orm';
import {
  LONGEST_WINDOW_MS,
  rateLimitDecision,
  rateLimitKey,
  type RateLimitCounter,
  type RateLimitPolicy,
} from '@/lib/server/rate-limit';
import { preparedStatements, type QuireDatabase } from '../client';
import { rateLimits } from '../schema';

export type RateLimitCheck = { policy: RateLimitPolicy; subject: string };
export type RateLimitResult = { allowed: true } | { allowed: false; message: string; retryAt: Date };

// Searches are counted on every request of a page, so the statements are prepared once per
// connection: building drizzle's SQL per call took about 0.25 ms, a third of a cached search page.
const statements = preparedStatements((db: QuireDatabase) => ({
  db,
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
}));

type Decided =
  { refused: RateLimitResult } | { refused?: undefined; next: { key: string; counter: RateLimitCounter }[] };

function decide(read: (key: string) => RateLimitCounter | null, checks: RateLimitCheck[], now: Date): Decided {
  const next: { key: string; counter: RateLimitCounter }[] = [];
  for (const { policy, subject } of checks) {
    const key = rateLimitKey(policy, subject);
    const decision = rateLimitDecision(read(key), policy, now);
    if (!decision.allowed) return { refused: { allowed: false, message: decision.message, retryAt: decision.retryAt } };
    next.push({ key, counter: decision.next });
  }
  return { next };
}

/**
 * Counts one hit against every check, all or none: when any of them is at its limit nothing is
 * counted and the first refusal's sentence is returned.
 */
export function hitRateLimits(checks: RateLimitCheck[], now = new Date()): RateLimitResult {
  const { db, read, write, forget } = statements();
  // One write lock from the read to the write (BEGIN IMMEDIATE), so two servers cannot both read
  // "one left" and both count it. Statements of the connection run inside its transaction.
  return db.$client
    .transaction((): RateLimitResult => {
      const decided = decide((key) => read.get({ key }) ?? null, checks, now);
      if (decided.refused) return decided.refused;
      for (const { key, counter } of decided.next) {
        write.run({ key, windowStart: counter.windowStart.getTime(), hits: counter.hits });
      }
      // Counters whose window closed long ago only take space (the window_start index finds them).
      forget.run({ before: now.getTime() - LONGEST_WINDOW_MS });
      return { allowed: true };
    })
    .immediate();
}

/** Whether one more hit would be allowed, without counting it. */
export function peekRateLimits(checks: RateLimitCheck[], now = new Date()): RateLimitResult {
  const { read } = statements();
  return decide((key) => read.get({ key }) ?? null, checks, now).refused ?? { allowed: true };
}
