// Quire's page cache: where Next keeps rendered pages (ISR) between requests, in memory only.
// next.config.ts names this file as `cacheHandler`; Next loads it at start, outside the bundle, so it
// is plain JavaScript.
//
// It replaces Next 16.4's built-in one (FileSystemCache) for two reasons, both of which let a page
// rendered before a write outlive that write's updateTag():
// 1. Clocks. The built-in page cache dates its entries and tag invalidations with Date.now() (the
//    wall clock) and writes them into the tag table it shares with the `'use cache'` data cache,
//    while that data cache and every expiry check read performance.timeOrigin + performance.now()
//    (a monotonic clock counted from the process's start). The two drift apart on a long-running
//    server (NTP steps, a paused VM): with the wall clock N seconds ahead, every invalidation is
//    ignored for N seconds, and a page rendered from old data in that window is kept until the
//    next write. Here every timestamp comes from the one clock the expiry checks use.
// 2. Render start. The built-in cache dates a page when it is stored, after its render; a render that
//    began before a write and ended after it was kept as if it showed the write. Here a page is dated
//    when its render began (the cache miss that started it), less a small margin for `'use cache'`
//    fills that a render joins while they are already running. And an invalidation waits (a few
//    seconds at most) for the renders already running to finish: Next hands a running render's page
//    to every request for that page that arrives meanwhile, so until they finish, a visitor coming
//    right after the write's answer could still get a page begun before it.
//
// With REDIS_URL, what misses here is looked for in the pages every app server shares
// (lib/server/shared-pages.mjs), and what is rendered here is offered to them.

import { INVALIDATION_BUS, cachesTrusted } from './invalidation-bus.mjs';
import { RENDER_WAIT_MS, createRunningWork } from './running-work.mjs';

/** The clock of Next's tag checks and `'use cache'` entries (not Date.now(): see above). */
export const cacheClock = () => performance.timeOrigin + performance.now();

/**
 * How much earlier than its render's start a page is dated. A render may join a `'use cache'` fill
 * that another request (a signed-in page, a feed) started a moment before (Next shares running fills
 * across requests); a page built from such data must still count as older than an invalidation that
 * came in between. Fills take milliseconds, tens under load; the cost of the margin is that a page
 * is rendered again on its next request for this long after a write that affects it.
 */
export const JOINED_FILL_MARGIN_MS = 1_000;

export { RENDER_WAIT_MS };

const TAGS_HEADER = 'x-next-cache-tags';
/**
 * scripts/front-door.mjs, when this runs inside Quire's server: it keeps visitor pages in front of Next
 * and must learn which tags a request's page carries, and every invalidation, at the moment this cache does.
 */
const FRONT_HOOK = Symbol.for('quire.front-door');
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Roughly how much memory an entry holds, as Next's own page cache counts it. */
export function entrySize(key, value) {
  let size = 25;
  if (value?.kind === 'APP_PAGE') {
    size = (value.html?.length ?? 0) + (value.rscData?.length ?? 0) + (value.postponed?.length ?? 0);
    for (const [path, buffer] of value.segmentData ?? []) size += path.length + (buffer?.length ?? 0);
  } else if (value?.kind === 'APP_ROUTE') {
    size = value.body?.length ?? 0;
  } else if (value?.kind === 'PAGES') {
    size = (value.html?.length ?? 0) + (JSON.stringify(value.pageData)?.length ?? 0);
  } else if (value) {
    size = JSON.stringify(value.data ?? value.props ?? '').length;
  }
  return key.length + Math.max(1, size);
}

function tagsOf(value) {
  const header = value?.headers?.[TAGS_HEADER];
  const tags = typeof header === 'string' ? header.split(',') : [];
  return value?.kind === 'FETCH' && Array.isArray(value.tags) ? [...tags, ...value.tags] : tags;
}

/**
 * The cache itself, kept apart from Next's interface so it can be tested with a fake clock: a
 * least-recently-used map bounded in bytes, the time each tag was last invalidated, and the time each
 * missing page's render began.
 */
export function createPageCache({ maxBytes = DEFAULT_MAX_BYTES, clock = cacheClock, shared = sharedPages } = {}) {
  /** key → { lastModified, value, cacheControl, tags, size }, oldest use first. */
  const entries = new Map();
  /** tag → { expired, stale } */
  const tagTimes = new Map();
  /** key → the render that will store it: when it began (its first miss since the last store), and its end. */
  const renders = createRunningWork();
  let totalBytes = 0;
  /** When everything was last dropped (dropAllHere): pages begun before it are gone too. */
  let allDroppedAt = -Infinity;

  const remove = (key) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.size;
  };
  const expiredFor = (entry, now) =>
    entry.lastModified < allDroppedAt ||
    entry.tags.some((tag) => {
      const expired = tagTimes.get(tag)?.expired;
      return expired !== undefined && expired <= now && expired > entry.lastModified;
    });

  const keep = (key, entry) => {
    remove(key);
    entries.set(key, entry);
    totalBytes += entry.size;
    for (const oldest of entries.keys()) {
      if (totalBytes <= maxBytes) break;
      remove(oldest);
    }
  };

  /**
   * A miss here, looked for in the shared pages. The page comes dated from before the read: an
   * invalidation heard while it was read (or just before, see JOINED_FILL_MARGIN_MS) makes it stale
   * here at once. On a miss there too, the render that follows is dated from before the read.
   */
  const readShared = async (key, pages, since) => {
    const found = await pages.get(key);
    const now = clock();
    if (found) {
      const entry = {
        lastModified: since - JOINED_FILL_MARGIN_MS,
        value: found.value,
        cacheControl: found.cacheControl,
        tags: tagsOf(found.value),
        size: entrySize(key, found.value),
      };
      if (entry.size <= maxBytes && !expiredFor(entry, now)) {
        keep(key, entry);
        globalThis[FRONT_HOOK]?.pageRead(entry);
        return { lastModified: entry.lastModified, value: entry.value, cacheControl: entry.cacheControl };
      }
    }
    renders.begin(key, since);
    globalThis[FRONT_HOOK]?.pageRead(null);
    return null;
  };

  /**
   * revalidateTag in this process only. `purge`: the front door also tells the CDN, which only the
   * process where the write happened does (not each that hears of it).
   */
  const invalidateHere = (tags, durations, waitMs, purge) => {
    const now = clock();
    // The front door drops its copies now, before the write that called this answers.
    globalThis[FRONT_HOOK]?.tagsRevalidated(tags, { purge });
    for (const tag of typeof tags === 'string' ? [tags] : tags) {
      const times = { ...tagTimes.get(tag) };
      if (durations) {
        times.stale = now;
        if (durations.expire !== undefined) times.expired = now + durations.expire * 1000;
      } else {
        times.expired = now;
      }
      tagTimes.set(tag, times);
    }
    return renders.waitForRunning(now, waitMs);
  };
  /** What another process's invalidation does here. */
  const revalidateHere = (tags, durations, waitMs = RENDER_WAIT_MS) => invalidateHere(tags, durations, waitMs, false);

  return {
    /** The page kept here, or null; a promise of it when the shared pages must be asked. */
    get(key) {
      const now = clock();
      // While this process may be missing invalidations, nothing it keeps is served.
      let entry = cachesTrusted() ? entries.get(key) : undefined;
      if (entry && expiredFor(entry, now)) {
        remove(key);
        entry = undefined;
      }
      if (!entry) {
        const pages = shared();
        if (pages) return readShared(key, pages, now);
        renders.begin(key, now);
        globalThis[FRONT_HOOK]?.pageRead(null);
        return null;
      }
      // Most recently used last.
      entries.delete(key);
      entries.set(key, entry);
      // Past its own revalidate time Next serves it once more and renders it again in the background.
      const revalidate = entry.cacheControl?.revalidate;
      const stale =
        (typeof revalidate === 'number' && now > entry.lastModified + revalidate * 1000) ||
        entry.tags.some((tag) => (tagTimes.get(tag)?.stale ?? -Infinity) > entry.lastModified);
      if (stale) renders.begin(key, now);
      // A stale page is served once more by Next (`x-nextjs-cache: STALE`), which the front door never keeps.
      globalThis[FRONT_HOOK]?.pageRead(stale ? null : entry);
      return { lastModified: entry.lastModified, value: entry.value, cacheControl: entry.cacheControl };
    },

    set(key, value, cacheControl) {
      const now = clock();
      const began = renders.end(key)?.since ?? now;
      remove(key);
      if (!value) return;
      const size = entrySize(key, value);
      const entry = { lastModified: began - JOINED_FILL_MARGIN_MS, value, cacheControl, tags: tagsOf(value), size };
      if (size <= maxBytes) keep(key, entry);
      // Offered to the other servers only if no invalidation heard here since its render began makes it stale.
      const pages = shared();
      if (pages && !expiredFor(entry, now)) void pages.set(key, value, cacheControl, entry.tags);
    },

    /**
     * updateTag(), and revalidateTag() with `{ expire: 0 }`: gone now. With a longer expire: stale now.
     * Here and in the server's other processes, if it has some (lib/server/invalidation-bus.mjs).
     * Resolves once the renders running now have stored their pages, or after RENDER_WAIT_MS.
     */
    revalidateTag(tags, durations, waitMs = RENDER_WAIT_MS) {
      const here = invalidateHere(tags, durations, waitMs, true);
      const bus = globalThis[INVALIDATION_BUS];
      if (!bus) return here;
      return Promise.all([here, bus.publish(typeof tags === 'string' ? [tags] : [...tags], durations)]).then(() => {});
    },

    revalidateHere,

    /** Drops every page here, and refuses the renders running now: resolves once they have stored. */
    dropAllHere(waitMs = RENDER_WAIT_MS) {
      const now = clock();
      globalThis[FRONT_HOOK]?.allDropped();
      allDroppedAt = now;
      entries.clear();
      totalBytes = 0;
      return renders.waitForRunning(now, waitMs);
    },

    stats: () => ({ entries: entries.size, bytes: totalBytes, maxBytes, rendering: renders.size }),
  };
}

/**
 * The one cache of the process, on the global object: where lib/server/invalidate-now.ts finds it to
 * drop pages outside a Next request, and where every copy of this file finds it. Next loads this file
 * at start, and its build also bundles a second copy into proxy.ts's bundle (the proxy keeps an
 * incremental cache of its own). A cache per copy meant two caches: pages were kept in the one and
 * the front door's comments invalidated the other, so a page cached before a comment could be
 * served without it (what the soak test found).
 */
const PAGE_CACHE = Symbol.for('quire.page-cache');

/** The pages every app server shares (REDIS_URL), while this process hears every invalidation. */
function sharedPages() {
  return globalThis[INVALIDATION_BUS]?.pages ?? null;
}

/**
 * What Next calls. It makes one handler per request, and the cache outlives them. The size is Next's
 * `cacheMaxMemorySize` (next.config.ts sets it from PAGE_CACHE_MB).
 */
export default class PageCacheHandler {
  constructor(context = {}) {
    globalThis[PAGE_CACHE] ??= createPageCache({ maxBytes: context.maxMemoryCacheSize || DEFAULT_MAX_BYTES });
    this.cache = globalThis[PAGE_CACHE];
  }

  async get(key) {
    return await this.cache.get(key);
  }

  async set(key, data, context = {}) {
    this.cache.set(key, data, context.fetchCache ? undefined : context.cacheControl);
  }

  async revalidateTag(tags, durations) {
    // Next waits for this before it answers the server action that called updateTag().
    await this.cache.revalidateTag(tags, durations);
  }

  resetRequestCache() {}
}
