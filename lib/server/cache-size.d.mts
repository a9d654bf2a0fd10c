// Types for cache-size.mjs (plain JavaScript: also read by the cache handlers Next loads at start).
export function cacheBytes(value: string | undefined): number;
