// Types for page-cache-handler.mjs (plain JavaScript: Next loads it at start, outside the bundle).

/** A cached value as Next hands it over: a rendered page (APP_PAGE), a route's body (APP_ROUTE), … */
export type CachedValue = { kind: string; headers?: Record<string, unknown>; [field: string]: unknown } | null;
export type CacheControl = { revalidate: number | false; expire?: number } | undefined;
export type CacheHit = { lastModified: number; value: CachedValue; cacheControl: CacheControl };

export function cacheClock(): number;
export const JOINED_FILL_MARGIN_MS: number;
export const RENDER_WAIT_MS: number;
export function entrySize(key: string, value: CachedValue): number;

/** The pages every app server shares (lib/server/shared-pages.mjs), as the page cache uses them. */
export type SharedPageStore = {
  get(key: string): Promise<{ value: CachedValue; cacheControl: CacheControl } | null>;
  set(key: string, value: CachedValue, cacheControl: CacheControl, tags: string[]): Promise<boolean>;
};

export type PageCache = {
  /** Without shared pages (no REDIS_URL, as in most tests): an answer at once. */
  get(key: string): CacheHit | null;
  set(key: string, value: CachedValue, cacheControl: CacheControl): void;
  revalidateTag(tags: string | string[], durations?: { expire?: number }, waitMs?: number): Promise<void>;
  revalidateHere(tags: string | string[], durations?: { expire?: number }, waitMs?: number): Promise<void>;
  dropAllHere(waitMs?: number): Promise<void>;
  stats(): { entries: number; bytes: number; maxBytes: number; rendering: number };
};
/** With shared pages, a miss here is a promise: the shared pages are asked. */
export type PageCacheWithShared = Omit<PageCache, 'get'> & {
  get(key: string): CacheHit | null | Promise<CacheHit | null>;
};
export function createPageCache(options?: { maxBytes?: number; clock?: () => number }): PageCache;
export function createPageCache(options: {
  maxBytes?: number;
  clock?: () => number;
  shared: () => SharedPageStore | null;
}): PageCacheWithShared;

export default class PageCacheHandler {
  constructor(context?: { maxMemoryCacheSize?: number });
  cache: PageCacheWithShared;
  get(key: string): Promise<CacheHit | null>;
  set(key: string, data: CachedValue, context?: { fetchCache?: boolean; cacheControl?: CacheControl }): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
  resetRequestCache(): void;
}
