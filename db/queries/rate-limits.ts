import 'server-only';
import { inArray, lt } from 'drizzle-orm';
import {
  LONGEST_WINDOW_MS,
  rateLimitDecision,
  rateLimitKey,
  type RateLimitCounter,
  type RateLimitPolicy,
} from '@/lib/rate-limit';
import { getDb } from '../client';
import { rateLimits } from '../schema';
import type { Transaction } from './posts';

export type RateLimitCheck = { policy: RateLimitPolicy; subject: string };
export type RateLimitResult = { allowed: true } | { allowed: false; message: string; retryAt: Date };

function decide(counters: Map<string, RateLimitCounter>, checks: RateLimitCheck[], now: Date) {
  const next: { key: string; counter: RateLimitCounter }[] = [];
  for (const { policy, subject } of checks) {
    const key = rateLimitKey(policy, subject);
    const decision = rateLimitDecision(counters.get(key) ?? null, policy, now);
    if (!decision.allowed)
      return { refused: { allowed: false as const, message: decision.message, retryAt: decision.retryAt } };
    next.push({ key, counter: decision.next });
  }
  return { next };
}

function readCounters(tx: Transaction, keys: string[]): Map<string, RateLimitCounter> {
  const rows = tx.select().from(rateLimits).where(inArray(rateLimits.key, keys)).all();
  return new Map(rows.map((row) => [row.key, { windowStart: row.windowStart, hits: row.hits }]));
}

/**
 * Counts one hit against every check, all or none: when any of them is at its limit nothing is
 * counted and the first refusal's sentence is returned.
 */
export function hitRateLimits(checks: RateLimitCheck[], now = new Date()): RateLimitResult {
  // A synchronous transaction: better-sqlite3 runs it under one write lock, so two servers
  // cannot both read "one left" and both count it.
  return getDb().transaction(
    (tx) => {
      const keys = checks.map(({ policy, subject }) => rateLimitKey(policy, subject));
      const { refused, next } = decide(readCounters(tx, keys), checks, now);
      if (refused) return refused;
      for (const { key, counter } of next) {
        tx.insert(rateLimits)
          .values({ key, ...counter })
          .onConflictDoUpdate({ target: rateLimits.key, set: counter })
          .run();
      }
      // Counters whose window closed long ago only take space.
      tx.delete(rateLimits)
        .where(lt(rateLimits.windowStart, new Date(now.getTime() - LONGEST_WINDOW_MS)))
        .run();
      return { allowed: true as const };
    },
    { behavior: 'immediate' },
  );
}

/** Whether one more hit would be allowed, without counting it. */
export function peekRateLimits(checks: RateLimitCheck[], now = new Date()): RateLimitResult {
  const keys = checks.map(({ policy, subject }) => rateLimitKey(policy, subject));
  return getDb().transaction((tx) => decide(readCounters(tx, keys), checks, now).refused ?? { allowed: true });
}
