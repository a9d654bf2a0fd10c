import 'server-only';
import { revalidateTag } from 'next/cache';
import { dropTags } from './invalidation-bus.mjs';

/**
 * Where lib/server/page-cache-handler.mjs leaves its one cache of rendered pages, and where Next
 * keeps its `'use cache'` data handlers (node_modules/next/dist/server/use-cache/handlers.js: a set
 * on the global object, shared by every copy of Next's modules in the process).
 */
const PAGE_CACHE = Symbol.for('quire.page-cache');
const USE_CACHE_HANDLERS = Symbol.for('@next/cache-handlers-set');

/** Whether invalidateNow can run here: false until Next has made its caches (its first requests). */
export const canInvalidateNow = (): boolean => {
  const global = globalThis as Record<symbol, unknown>;
  return global[PAGE_CACHE] !== undefined && global[USE_CACHE_HANDLERS] !== undefined;
};

/**
 * Drops cached data and pages by tag outside a Next request (the front door's answers), as
 * `revalidateTag(tag, { expire: 0 })` does when a route handler finishes (Next's revalidation-utils):
 * every `'use cache'` handler's updateTags, then the page cache, which drops the front cache's copies,
 * tells the server's other processes, and resolves once the renders running now have stored their
 * pages (lib/server/page-cache-handler.mjs, lib/server/invalidation-bus.mjs).
 */
export async function invalidateNow(tags: string[]): Promise<void> {
  if (!canInvalidateNow()) throw new Error('The page caches are not ready: this write must go through Next.');
  if (tags.length === 0) return;
  await dropTags(tags, { expire: 0 }, { publish: true });
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
