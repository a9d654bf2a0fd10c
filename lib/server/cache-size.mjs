// How much memory each of Next's caches may hold: PAGE_CACHE_MB (a whole number of megabytes) for
// rendered pages (lib/server/page-cache-handler.mjs), and as much again for `'use cache'` data
// (lib/server/data-cache-handler.mjs). Unset or unreadable: Next's default of 50 MB.

/** PAGE_CACHE_MB's value in bytes. */
export function cacheBytes(value) {
  const megabytes = Number(value);
  return (Number.isInteger(megabytes) && megabytes > 0 ? megabytes : 50) * 1024 * 1024;
}
