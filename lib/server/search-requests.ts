import 'server-only';
import { hitRateLimits, type RateLimitResult } from '@/lib/services/rate-limits';
import { parseSearchParams } from '@/lib/policies/search-params';
import { clientAddress } from './client-address';
import { getEnv } from './env';
import { logger } from './logger';
import { searchLimitPolicy } from './rate-limit';
import { recentKeys } from './recent-keys';

/**
 * What `/search?q=…&page=…` asks, as proxy.ts and the search door (lib/server/search-door.ts) both
 * read it; null without a query (the empty search page). `key` names the query's page of results.
 */
export function searchRequestOf(params: URLSearchParams): { query: string; page: number; key: string } | null {
  const { q, page } = parseSearchParams({ q: params.getAll('q'), page: params.getAll('page') });
  return q ? { query: q, page, key: `${page} ${q}` } : null;
}

/** A query's cached results page (app/search/results, kept until a post list changes). */
export const resultsPage = (query: string, page: number) => `/search/results/_${encodeURIComponent(query)}/${page}`;

const RECENT_SEARCHES = Symbol.for('quire.recent-searches');

/**
 * The searches (page and query) asked recently in this server process, which have a cached results
 * page. One list for the process, on the global object: proxy.ts and the search door live in
 * different bundles.
 */
export function recentSearches(): ReturnType<typeof recentKeys> {
  const global = globalThis as { [RECENT_SEARCHES]?: ReturnType<typeof recentKeys> };
  return (global[RECENT_SEARCHES] ??= recentKeys(1000));
}

/** Counts one search from a client address and says whether it fits the limit. */
export type SearchLimiter = (address: string) => Promise<RateLimitResult> | RateLimitResult;

export async function hitSearchLimit(address: string): Promise<RateLimitResult> {
  const policy = searchLimitPolicy(getEnv().SEARCH_RATE_LIMIT);
  if (!policy) return { allowed: true };
  try {
    return await hitRateLimits([{ policy, subject: address }]);
  } catch (error) {
    // The counters live in the database; while it is locked (a restore) search goes on unlimited.
    logger.warn({ address }, `The search limit could not be counted: ${(error as Error).message}`);
    return { allowed: true };
  }
}

/**
 * Counts a search against the address it came from (the socket's, or as TRUST_PROXY says: a client's
 * own X-Forwarded-For does not pick it). The count is one small database write per search. A refusal
 * comes with the seconds to wait.
 */
export async function countSearch(
  headers: Headers,
  limitSearch: SearchLimiter = hitSearchLimit,
  now = new Date(),
): Promise<{ allowed: true } | { allowed: false; message: string; retryAfterSeconds: number }> {
  const result = await limitSearch(clientAddress(headers, getEnv().TRUST_PROXY));
  if (result.allowed) return result;
  const retryAfterSeconds = Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 1000));
  return { allowed: false, message: result.message, retryAfterSeconds };
}
