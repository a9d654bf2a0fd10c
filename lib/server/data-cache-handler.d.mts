// Types for data-cache-handler.mjs (plain JavaScript: Next loads it at start, outside the bundle).
type Entry = { value: ReadableStream<Uint8Array>; tags: string[]; timestamp: number; [field: string]: unknown };
export type DataCacheHandler = {
  get(cacheKey: string, softTags: string[]): Promise<Entry | undefined>;
  set(cacheKey: string, pendingEntry: Promise<Entry>): Promise<void>;
  refreshTags(): Promise<void>;
  getExpiration(tags: string[]): Promise<number>;
  updateTags(tags: string[], durations?: { expire?: number }): Promise<void>;
};
export function waitingForFills(
  inner: DataCacheHandler,
  options?: { clock?: () => number; waitMs?: number },
): DataCacheHandler & { dropAll(): Promise<void>; readonly filling: number };
declare const handler: DataCacheHandler;
export default handler;
