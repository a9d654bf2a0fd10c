import 'server-only';
import { inRateLimitTransaction, readRateLimitCounter } from '@/db/queries/rate-limits';
import {
  LONGEST_WINDOW_MS,
  rateLimitDecision,
  rateLimitKey,
  type RateLimitCounter,
  type RateLimitPolicy,
} from '../server/rate-limit';

export type RateLimitCheck = { policy: RateLimitPolicy; subject: string };
export type RateLimitResult = { allowed: true } | { allowed: false; message: string; retryAt: Date };

type Decided =
  { refused: RateLimitResult } | { refused?: undefined; next: { key: string; counter: RateLimitCounter }[] };

async function decide(
  read: (key: string) => Promise<RateLimitCounter | null>,
  checks: RateLimitCheck[],
  now: Date,
): Promise<Decided> {
  const next: { key: string; counter: RateLimitCounter }[] = [];
  for (const { policy, subject } of checks) {
    const key = rateLimitKey(policy, subject);
    const decision = rateLimitDecision(await read(key), policy, now);
    if (!decision.allowed) return { refused: { allowed: false, message: decision.message, retryAt: decision.retryAt } };
    next.push({ key, counter: decision.next });
  }
  return { next };
}

/**
 * Counts one hit against every check, all or none: when any of them is at its limit nothing is
 * counted and the first refusal's sentence is returned.
 */
export function hitRateLimits(checks: RateLimitCheck[], now = new Date()): Promise<RateLimitResult> {
  return inRateLimitTransaction(async ({ read, write, forgetBefore }): Promise<RateLimitResult> => {
    const decided = await decide(read, checks, now);
    if (decided.refused) return decided.refused;
    for (const { key, counter } of decided.next) await write(key, counter);
    // Counters whose window closed long ago only take space (the window_start index finds them).
    await forgetBefore(new Date(now.getTime() - LONGEST_WINDOW_MS));
    return { allowed: true };
  });
}

/** Whether one more hit would be allowed, without counting it. */
export async function peekRateLimits(checks: RateLimitCheck[], now = new Date()): Promise<RateLimitResult> {
  return (await decide(readRateLimitCounter, checks, now)).refused ?? { allowed: true };
}
