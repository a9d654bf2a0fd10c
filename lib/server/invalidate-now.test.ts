import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const revalidated: unknown[] = [];
vi.mock('next/cache', () => ({ revalidateTag: (...args: unknown[]) => void revalidated.push(args) }));
const { canInvalidateNow, invalidateBeforeAnswer, invalidateNow } = await import('./invalidate-now');

const PAGE_CACHE = Symbol.for('quire.page-cache');
const USE_CACHE_HANDLERS = Symbol.for('@next/cache-handlers-set');
const global = globalThis as unknown as Record<symbol, unknown>;

afterEach(() => {
  delete global[PAGE_CACHE];
  delete global[USE_CACHE_HANDLERS];
});

describe('invalidateNow', () => {
  it('is not ready, and refuses, until Next has made both its data handlers and the page cache', async () => {
    expect(canInvalidateNow()).toBe(false);
    await expect(invalidateNow(['post:a'])).rejects.toThrow('must go through Next');
    global[USE_CACHE_HANDLERS] = new Set();
    expect(canInvalidateNow()).toBe(false);
    global[PAGE_CACHE] = { revalidateTag: async () => {} };
    expect(canInvalidateNow()).toBe(true);
  });

  it('expires the tags now in every data handler and the page cache, and waits for the page cache', async () => {
    const calls: unknown[] = [];
    let pagesDone = false;
    global[USE_CACHE_HANDLERS] = new Set([
      { updateTags: async (tags: string[], durations: unknown) => void calls.push(['data 1', tags, durations]) },
      { updateTags: async (tags: string[], durations: unknown) => void calls.push(['data 2', tags, durations]) },
      {},
    ]);
    global[PAGE_CACHE] = {
      revalidateTag: (tags: string[], durations: unknown) => {
        calls.push(['pages', tags, durations]);
        return new Promise<void>((resolve) => setTimeout(() => ((pagesDone = true), resolve()), 10));
      },
    };
    await invalidateNow(['post:a', 'comment-counts']);
    expect(pagesDone).toBe(true);
    expect(calls).toEqual([
      ['data 1', ['post:a', 'comment-counts'], { expire: 0 }],
      ['data 2', ['post:a', 'comment-counts'], { expire: 0 }],
      ['pages', ['post:a', 'comment-counts'], { expire: 0 }],
    ]);
  });
});

describe('invalidateBeforeAnswer', () => {
  it('drops the tags itself, and waits, once Next has made its caches', async () => {
    const calls: unknown[] = [];
    global[USE_CACHE_HANDLERS] = new Set([{ updateTags: async (tags: string[]) => void calls.push(['data', tags]) }]);
    global[PAGE_CACHE] = {
      revalidateTag: async (tags: string[]) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        calls.push(['pages', tags]);
      },
    };
    revalidated.length = 0;
    await invalidateBeforeAnswer(['post:a']);
    expect(calls).toEqual([
      ['data', ['post:a']],
      ['pages', ['post:a']],
    ]);
    expect(revalidated).toEqual([]);
  });

  it('leaves it to Next before then (nothing is cached yet)', async () => {
    revalidated.length = 0;
    await invalidateBeforeAnswer(['post:a', 'comment-counts']);
    expect(revalidated).toEqual([
      ['post:a', { expire: 0 }],
      ['comment-counts', { expire: 0 }],
    ]);
  });
});
