import { describe, expect, it } from 'vitest';
import handler, { waitingForFills, type DataCacheHandler } from './data-cache-handler.mjs';
import { whileDeaf } from '@/tests/deaf-bus';

type Entry = Awaited<ReturnType<DataCacheHandler['get']>>;

/** A `'use cache'` handler holding entries in a map, recording the tags it was told to invalidate. */
function fakeHandler() {
  const stored = new Map<string, Entry>();
  const updated: string[][] = [];
  const inner: DataCacheHandler = {
    get: async (key) => stored.get(key),
    set: async (key, pending) => void stored.set(key, await pending),
    refreshTags: async () => {},
    getExpiration: async () => 0,
    updateTags: async (tags) => void updated.push(tags),
  };
  return { inner, stored, updated };
}

function entry(text: string): NonNullable<Entry> {
  return { value: new Blob([text]).stream(), tags: ['post:a'], timestamp: 1 };
}

/** Whether `promise` has settled by the time the queued callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('the data cache handler', () => {
  it('answers an invalidation only once the fills running when it came are stored', async () => {
    const { inner, updated } = fakeHandler();
    const cache = waitingForFills(inner, { waitMs: 5_000 });
    expect(await cache.get('read-post-a', [])).toBeUndefined();
    expect(cache.filling).toBe(1);

    const invalidated = cache.updateTags(['post:a'], { expire: 0 });
    expect(await settled(invalidated)).toBe(false);
    expect(updated).toEqual([['post:a']]);

    await cache.set('read-post-a', Promise.resolve(entry('fresh')));
    expect(await settled(invalidated)).toBe(true);
    expect(cache.filling).toBe(0);
  });

  it('does not wait when the lookup found the entry (nothing is being filled)', async () => {
    const { inner, stored } = fakeHandler();
    stored.set('read-post-a', entry('kept'));
    const cache = waitingForFills(inner);
    expect(await cache.get('read-post-a', [])).toBeDefined();
    expect(cache.filling).toBe(0);
    expect(await settled(cache.updateTags(['post:a']))).toBe(true);
  });

  it('ends a fill whose store failed, and waits no longer than it was told', async () => {
    const { inner } = fakeHandler();
    const cache = waitingForFills(
      { ...inner, set: async () => Promise.reject(new Error('disk full')) },
      { waitMs: 20 },
    );
    await cache.get('read-post-a', []);
    await cache.get('read-post-b', []);
    await expect(cache.set('read-post-a', Promise.resolve(entry('lost')))).rejects.toThrow('disk full');
    expect(cache.filling).toBe(1);
    // read-post-b's fill never stores: the invalidation gives up on it after waitMs.
    const invalidated = cache.updateTags(['post:b']);
    expect(await settled(invalidated)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await settled(invalidated)).toBe(true);
  });

  it('takes an entry begun a fraction of a millisecond before an invalidation of its tag as a miss', async () => {
    const { inner, stored } = fakeHandler();
    let now = 1_000_000.4;
    const cache = waitingForFills(inner, { clock: () => now });
    stored.set('read-post-a', { ...entry('old'), timestamp: 1_000_000.2 });
    await cache.updateTags(['post:b']);
    expect(await cache.get('read-post-a', [])).toBeDefined();
    await cache.updateTags(['post:a'], { expire: 0 });
    now += 0.3;
    expect(await cache.get('read-post-a', [])).toBeUndefined();
    expect(cache.filling).toBe(1);
    // One filled after the invalidation is kept.
    await cache.set('read-post-a', Promise.resolve({ ...entry('new'), timestamp: now }));
    expect(await cache.get('read-post-a', [])).toBeDefined();
  });

  it('drops everything stored, and the fills running, and serves nothing while the bus is deaf', async () => {
    const { inner, stored } = fakeHandler();
    let now = 1_000;
    const cache = waitingForFills(inner, { clock: () => now, waitMs: 5_000 });
    stored.set('read-post-a', { ...entry('old'), timestamp: 900 });
    expect(await cache.get('read-post-b', [])).toBeUndefined(); // a fill begins
    now = 1_010;
    const dropped = cache.dropAll();
    expect(await settled(dropped)).toBe(false);
    await cache.set('read-post-b', Promise.resolve({ ...entry('old b'), timestamp: 1_000 }));
    expect(await settled(dropped)).toBe(true);
    expect(await cache.get('read-post-a', [])).toBeUndefined();
    expect(await cache.get('read-post-b', [])).toBeUndefined();
    await cache.set('read-post-a', Promise.resolve({ ...entry('new'), timestamp: 1_020 }));
    expect(await cache.get('read-post-a', [])).toBeDefined();

    expect(await whileDeaf(() => cache.get('read-post-a', []))).toBeUndefined();
  });

  it('is Next’s own in-memory handler underneath: what it stores, it gives back until its tag is invalidated', async () => {
    const key = `data-cache-handler-test-${Math.random()}`;
    const tag = `data-cache-handler-test-tag-${Math.random()}`;
    await handler.set(
      key,
      Promise.resolve({
        ...entry('stored'),
        tags: [tag],
        timestamp: performance.timeOrigin + performance.now(),
        revalidate: 3600,
        expire: 7200,
        stale: 300,
      }),
    );
    const found = await handler.get(key, []);
    expect(found && (await new Response(found.value).text())).toBe('stored');
    await handler.updateTags([tag], { expire: 0 });
    expect(await handler.get(key, [])).toBeUndefined();
  });
});
