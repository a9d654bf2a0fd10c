import 'server-only';
import { revalidateTag } from 'next/cache';

/**
 * Where lib/server/page-cache-handler.mjs leaves its one cache of rendered pages, and where Next
 * keeps its `'use cache'` data handlers (node_modules/next/dist/server/use-cache/handlers.js: a set
 * on the global object, shared by every copy of Next's modules in the process).
 */
const PAGE_CACHE = Symbol.for('quire.page-cache');
const USE_CACHE_HANDLERS = Symbol.for('@next/cache-handlers-set');

type PageCache = { revalidateTag(tags: string[], durations: { expire: number }): Promise<void> };
type DataCacheHandler = { updateTags?(tags: string[], durations?: { expire: number }): Promise<void> };
type Caches = { pages: PageCache; data: DataCacheHandler[] };

function caches(): Caches | null {
  const global = globalThis as { [PAGE_CACHE]?: PageCache; [USE_CACHE_HANDLERS]?: Set<DataCacheHandler> };
  const pages = global[PAGE_CACHE];
  const data = global[USE_CACHE_HANDLERS];
  return pages && data ? { pages, data: [...data] } : null;
}

/** Whether invalidateNow can run here: false until Next has made its caches (its first requests). */
export const canInvalidateNow = (): boolean => caches() !== null;

/**
 * Drops cached data and pages by tag outside a Next request (the front door's answers), as
 * `revalidateTag(tag, { expire: 0 })` does when a route handler finishes (Next's revalidation-utils):
 * every `'use cache'` handler's updateTags, then the page cache, which drops the front cache's copies
 * and resolves once the renders running now have stored their pages (lib/server/page-cache-handler.mjs).
 */
export async function invalidateNow(tags: string[]): Promise<void> {
  const found = caches();
  if (!found) throw new Error('The page caches are not ready: this write must go through Next.');
  if (tags.length === 0) return;
  const durations = { expire: 0 };
  await Promise.all([
    ...found.data.map((handler) => handler.updateTags?.(tags, durations)),
    found.pages.revalidateTag(tags, durations),
  ]);
}

/**
 * For route handlers: drops the tags' cached pages and data before the handler answers. Next runs a
 * route handler's `revalidateTag` only after the response has gone (as a waitUntil), so a reader sent
 * on by the answer could be served the old page (the soak test saw it after comments). Before Next
 * has made its caches there is nothing cached to drop; Next's own call stands in then.
 */
export async function invalidateBeforeAnswer(tags: string[]): Promise<void> {
  if (canInvalidateNow()) return invalidateNow(tags);
  for (const tag of tags) revalidateTag(tag, { expire: 0 });
}
