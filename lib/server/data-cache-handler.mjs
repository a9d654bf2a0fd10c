// Where `'use cache'` data lives between requests: Next's own in-memory handler, with two additions.
// next.config.ts names this file in `cacheHandlers`; Next loads it at start, outside the bundle, so it
// is plain JavaScript.
//
// 1. An invalidation (updateTags) resolves only once the fills running when it came have been stored,
//    as the page cache does for renders (lib/server/page-cache-handler.mjs). Next shares a running
//    fill with every render that calls the same cached function meanwhile, from its start until it is
//    stored, without checking it against invalidations (use-cache-wrapper's cross-request joiners).
//    So a page rendered right after a write's answer could otherwise be built from a fill that read
//    the database before the write. A fill is known by its lookup: Next asks for the entry first
//    (get), and only a miss is followed by a fill, which ends when Next stores it (set).
// 2. An entry dated before an invalidation of one of its tags is a miss, to the fraction of a
//    millisecond. Next's handler rounds the invalidation's time to the millisecond, so a fill begun up
//    to half a millisecond before it counted as newer and was kept until the next write.

import { createDefaultCacheHandler } from 'next/dist/server/lib/cache-handlers/default.js';
import { cacheBytes } from './cache-size.mjs';
import { cachesTrusted } from './invalidation-bus.mjs';
import { cacheClock } from './page-cache-handler.mjs';
import { RENDER_WAIT_MS, createRunningWork } from './running-work.mjs';

/** Wraps a `'use cache'` handler (`inner`): its invalidations wait for its running fills, and are exact. */
export function waitingForFills(inner, { clock = cacheClock, waitMs = RENDER_WAIT_MS } = {}) {
  const fills = createRunningWork();
  /** tag → when entries with it expired last (updateTags, as Next's handler records it, unrounded). */
  const expiredAt = new Map();
  /** When everything was last dropped (dropAll). */
  let allDroppedAt = -Infinity;
  const invalidatedSince = (entry, now) =>
    entry.timestamp < allDroppedAt ||
    entry.tags.some((tag) => {
      const expired = expiredAt.get(tag);
      return expired !== undefined && expired <= now && expired > entry.timestamp;
    });

  return {
    async get(cacheKey, softTags) {
      const now = clock();
      // While this process may be missing invalidations, nothing it keeps is served.
      const found = cachesTrusted() ? await inner.get(cacheKey, softTags) : undefined;
      const entry = found && invalidatedSince(found, now) ? undefined : found;
      if (entry === undefined) fills.begin(cacheKey, now);
      return entry;
    },
    async set(cacheKey, pendingEntry) {
      try {
        await inner.set(cacheKey, pendingEntry);
      } finally {
        fills.end(cacheKey);
      }
    },
    refreshTags: () => inner.refreshTags(),
    getExpiration: (tags) => inner.getExpiration(tags),
    async updateTags(tags, durations) {
      const now = clock();
      if (!durations || durations.expire !== undefined) {
        for (const tag of tags) expiredAt.set(tag, now + (durations?.expire ?? 0) * 1000);
      }
      await inner.updateTags(tags, durations);
      await fills.waitForRunning(now, waitMs);
    },
    /** Every entry stored so far is a miss, and so is every fill running now: resolves once they are stored. */
    async dropAll() {
      const now = clock();
      allDroppedAt = now;
      await fills.waitForRunning(now, waitMs);
    },
    /** Fills running now (for tests). */
    get filling() {
      return fills.size;
    },
  };
}

export default waitingForFills(createDefaultCacheHandler(cacheBytes(process.env.PAGE_CACHE_MB)));
