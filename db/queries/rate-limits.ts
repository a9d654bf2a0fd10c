import 'server-only';
import { eq, lt, sql } from 'drizzle-orm';
import type { RateLimitCounter } from '@/lib/server/rate-limit';
import { lockFor, preparedStatements, write as dbWrite, type QuireDatabase } from '../client';
import { timeParam } from '../dialect';
import { rateLimits } from '../tables';

// Searches are counted on every request of a page, so the statements are prepared once per
// connection: building drizzle's SQL per call took about 0.25 ms, a third of a cached search page.
const statements = preparedStatements((db: QuireDatabase) => ({
  read: db
    .select({ windowStart: rateLimits.windowStart, hits: rateLimits.hits })
    .from(rateLimits)
    .where(eq(rateLimits.key, sql.placeholder('key')))
    .prepare(),
  write: db
    .insert(rateLimits)
    // Times go in as the database stores them (timeParam): drizzle does not convert a Date bound to
    // a prepared statement's placeholder.
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

/** The counters as one transaction sees them (see inRateLimitTransaction). */
export type RateLimitCounters = {
  read: (key: string) => Promise<RateLimitCounter | null>;
  write: (key: string, counter: RateLimitCounter) => Promise<void>;
  /** Deletes the counters whose window started before `time`. */
  forgetBefore: (time: Date) => Promise<void>;
};

/**
 * Runs lib's counting (lib/services/rate-limits.ts) in one write transaction, taken from the read to
 * the write (BEGIN IMMEDIATE on SQLite, a lock on PostgreSQL), so two servers cannot both read
 * "one left" and both count it.
 */
export function inRateLimitTransaction<T>(work: (counters: RateLimitCounters) => Promise<T>): Promise<T> {
  return dbWrite(async (db) => {
    // The writer's statements (prepared per connection): inside `write`, statements() is the writer's.
    const { read, write, forget } = statements();
    return work({
      read: async (key) => {
        // PostgreSQL runs writers side by side: a counter is read and written by one request at a
        // time (other counters go on meanwhile).
        await lockFor(db, `rate-limits:${key}`);
        return (await read.execute({ key }))[0] ?? null;
      },
      write: async (key, counter) => {
        await write.execute({ key, windowStart: timeParam(counter.windowStart), hits: counter.hits });
      },
      forgetBefore: async (time) => {
        await forget.execute({ before: timeParam(time) });
      },
    });
  });
}

/** One counter, read outside any transaction (a peek that counts nothing). */
export async function readRateLimitCounter(key: string): Promise<RateLimitCounter | null> {
  return (await statements().read.execute({ key }))[0] ?? null;
}
