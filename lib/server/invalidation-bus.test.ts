import { afterEach, describe, expect, it } from 'vitest';
import { createRelay, createWorkerBus, INVALIDATION_BUS, type WorkerBus } from './invalidation-bus.mjs';
import { createPageCache } from './page-cache-handler.mjs';

type Applied = { worker: number; tags: string[] };

/** Whether `promise` has settled by the time the queued callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  // Messages take a few turns of the event loop, as on the cluster's channel.
  await new Promise((resolve) => setTimeout(resolve, 25));
  return done;
}

/**
 * `count` workers and a relay joined as the cluster's IPC channel joins them (asynchronously). Each
 * worker's apply waits for `release(worker)` when `holding` names it.
 */
function cluster(count: number, holding = new Set<number>()) {
  const relay = createRelay();
  const applied: Applied[] = [];
  const held = new Map<number, () => void>();
  const buses = new Map<number, WorkerBus>();
  for (let worker = 1; worker <= count; worker++) {
    const bus = createWorkerBus({
      send: (message) => setImmediate(() => relay.receive(worker, message)),
      apply: async (tags) => {
        if (holding.has(worker)) await new Promise<void>((resolve) => held.set(worker, resolve));
        applied.push({ worker, tags });
      },
      waitMs: 1_000,
    });
    buses.set(worker, bus);
    relay.add(worker, (message) => setImmediate(() => void bus.receive(message)));
    relay.serving(worker);
  }
  return { relay, applied, buses, release: (worker: number) => held.get(worker)?.() };
}

describe('the invalidation bus', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[INVALIDATION_BUS];
  });

  it('applies a worker’s invalidation in every other worker before the publisher goes on', async () => {
    const { applied, buses, release, relay } = cluster(3, new Set([3]));
    const published = buses.get(1)!.publish(['post:a', 'comment-counts'], { expire: 0 });
    expect(await settled(published)).toBe(false);
    expect(applied).toEqual([{ worker: 2, tags: ['post:a', 'comment-counts'] }]);
    release(3);
    await published;
    expect(applied.map((entry) => entry.worker).sort()).toEqual([2, 3]);
    expect(relay.pending).toBe(0);
  });

  it('does not wait for a worker that goes away', async () => {
    const { applied, buses, relay } = cluster(3, new Set([3]));
    const published = buses.get(1)!.publish(['post:a'], undefined);
    expect(await settled(published)).toBe(false);
    relay.remove(3);
    await published;
    expect(applied).toEqual([{ worker: 2, tags: ['post:a'] }]);
  });

  it('neither tells nor waits for a worker still starting, but answers its own invalidations', async () => {
    const { applied, buses, relay } = cluster(2);
    const starting = createWorkerBus({
      send: (message) => setImmediate(() => relay.receive(3, message)),
      apply: async (tags) => void applied.push({ worker: 3, tags }),
    });
    relay.add(3, (message) => setImmediate(() => void starting.receive(message)));
    await buses.get(1)!.publish(['post:a'], undefined);
    expect(applied).toEqual([{ worker: 2, tags: ['post:a'] }]);
    // Its own (a scheduled post published at start) reach the others.
    await starting.publish(['post:b'], undefined);
    expect(applied.map((entry) => entry.worker).sort()).toEqual([1, 2, 2]);
    relay.serving(3);
    await buses.get(2)!.publish(['post:c'], undefined);
    expect(
      applied
        .filter((entry) => entry.tags[0] === 'post:c')
        .map((entry) => entry.worker)
        .sort(),
    ).toEqual([1, 3]);
  });

  it('stops waiting after its time, when another worker is stuck', async () => {
    const { buses } = cluster(2, new Set([2]));
    const started = performance.now();
    await buses.get(1)!.publish(['post:a'], undefined);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('answers at once in a cluster of one', async () => {
    const { buses, relay } = cluster(1);
    expect(await settled(buses.get(1)!.publish(['post:a'], undefined))).toBe(true);
    expect(relay.pending).toBe(0);
  });

  it('is how the page cache invalidates: here, and in the others through the bus', async () => {
    const published: string[][] = [];
    (globalThis as Record<symbol, unknown>)[INVALIDATION_BUS] = {
      publish: async (tags: string[]) => void published.push(tags),
      receive: async () => {},
    };
    let now = 1_000_000;
    const cache = createPageCache({ clock: () => now });
    cache.get('/posts/a');
    cache.set('/posts/a', { kind: 'APP_PAGE', html: 'a', headers: { 'x-next-cache-tags': 'post:a' } }, undefined);
    await cache.revalidateTag('post:a', { expire: 0 });
    expect(published).toEqual([['post:a']]);
    expect(cache.get('/posts/a')).toBeNull();
    // What another worker's invalidation does here: drops the page, publishes nothing.
    cache.set('/posts/a', { kind: 'APP_PAGE', html: 'a', headers: { 'x-next-cache-tags': 'post:a' } }, undefined);
    now += 5_000;
    expect(cache.get('/posts/a')).toBeNull();
    cache.set('/posts/a', { kind: 'APP_PAGE', html: 'a', headers: { 'x-next-cache-tags': 'post:a' } }, undefined);
    now += 5_000;
    expect(cache.get('/posts/a')).not.toBeNull();
    await cache.revalidateHere(['post:a'], { expire: 0 });
    expect(published).toHaveLength(1);
    expect(cache.get('/posts/a')).toBeNull();
  });
});
