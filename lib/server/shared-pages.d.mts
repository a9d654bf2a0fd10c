// Types for shared-pages.mjs (plain JavaScript: the page cache that uses it is loaded by Next outside the bundle).
import type Redis from 'ioredis';
import type { CacheControl, CachedValue, SharedPageStore } from './page-cache-handler.mjs';

export const SHARED_PAGE_TTL_SECONDS: number;
export const SHARED_PAGE_MAX_BYTES: number;

export type SharedPages = SharedPageStore & {
  load(): Promise<void>;
  learn(tags: string[], generations: unknown[] | undefined): void;
  raise(tags: string[]): Promise<number[]>;
  get(key: string): Promise<{ value: CachedValue; cacheControl: CacheControl } | null>;
};
export function createSharedPages(commands: Redis, options?: { ttlSeconds?: number }): SharedPages;
