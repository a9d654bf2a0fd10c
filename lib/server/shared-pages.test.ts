import { freePort } from '@/tests/free-port';
import Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../scripts/redis-server.mjs';
import { createPageCache, JOINED_FILL_MARGIN_MS, type SharedPageStore } from './page-cache-handler.mjs';
import { createSharedPages, type SharedPages } from './shared-pages.mjs';

// Two app servers' page caches sharing pages through a real redis-server (npm test finds one).

function page(html: string, tags: string[]) {
  return {
    kind: 'APP_PAGE',
    html,
    rscData: Buffer.from(`rsc:${html}`),
    segmentData: new Map([['/_tree', Buffer.from(`tree:${html}`)]]),
    headers: { 'x-next-cache-tags': tags.join(',') },
    status: 200,
  };
}

let redis: { url: string; stop(): Promise<void> };
const connections: Redis[] = [];

beforeAll(async () => {
  redis = await startRedisServer({ port: await freePort() });
});

afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await redis?.stop();
});

beforeEach(async () => {
  const admin = new Redis(redis.url);
  connections.push(admin);
  await admin.flushall();
});

/** One app server: its page cache, with the shared pages on a connection of its own. */
async function server() {
  const connection = new Redis(redis.url);
  connections.push(connection);
  const pages = createSharedPages(connection);
  await pages.load();
  let stored = Promise.resolve(false);
  // Stores are not awaited by the cache (a visitor's answer does not wait for Redis): the test does.
  const shared: SharedPageStore = {
    get: (key) => pages.get(key),
    set: (...args) => (stored = pages.set(...args)),
  };
  const cache = createPageCache({ shared: () => shared });
  return { cache, pages, stored: () => stored };
}

describe('pages shared between app servers', () => {
  it('a page one server rendered is served by another, bytes, segments and tags alike', async () => {
    const a = await server();
    const b = await server();
    expect(await a.cache.get('/posts/a')).toBeNull();
    a.cache.set('/posts/a', page('<p>A</p>', ['post:a', 'posts']), { revalidate: false });
    expect(await a.stored()).toBe(true);

    const hit = await b.cache.get('/posts/a');
    expect(hit?.value).toMatchObject({ kind: 'APP_PAGE', html: '<p>A</p>' });
    expect(Buffer.isBuffer(hit?.value?.rscData)).toBe(true);
    expect(String(hit?.value?.rscData)).toBe('rsc:<p>A</p>');
    expect(String((hit?.value?.segmentData as Map<string, Buffer>).get('/_tree'))).toBe('tree:<p>A</p>');
    // Kept in B's own memory from then on: no Redis round trip.
    expect(b.cache.get('/posts/a')).toMatchObject({ value: { html: '<p>A</p>' } });
  });

  it("a write's tags make the shared copy stale for every server", async () => {
    const a = await server();
    const b = await server();
    await a.cache.get('/posts/a');
    a.cache.set('/posts/a', page('before', ['post:a']), { revalidate: false });
    await a.stored();
    await a.pages.raise(['post:b']);
    expect((await b.cache.get('/posts/a'))?.value?.html).toBe('before');

    const c = await server();
    await a.pages.raise(['post:a']);
    expect(await c.cache.get('/posts/a')).toBeNull();
    // Deleted from Redis as it was found stale.
    expect(await connections[0]!.exists('quire:page:/posts/a')).toBe(0);
  });

  it('a page rendered before an invalidation its server has not heard of yet is refused by Redis', async () => {
    const a = await server();
    const b = await server();
    await b.cache.get('/posts/a'); // B's render begins
    await a.pages.raise(['post:a']); // a write through A; B has not been told yet
    b.cache.set('/posts/a', page('old', ['post:a']), { revalidate: false });
    expect(await b.stored()).toBe(false);
    expect(await a.cache.get('/posts/a')).toBeNull();

    // Once B knows the new generation, what it renders is shared again.
    b.pages.learn(['post:a'], [1]);
    await b.cache.get('/posts/b');
    b.cache.set('/posts/b', page('new', ['post:a']), { revalidate: false });
    expect(await b.stored()).toBe(true);
  });

  it('a page whose render began before an invalidation heard here is not offered at all', async () => {
    const a = await server();
    const b = await server();
    await a.cache.get('/');
    void a.cache.revalidateTag(['site']);
    a.cache.set('/', page('ten posts', ['site']), { revalidate: false });
    expect(await a.stored()).toBe(false);
    expect(await b.cache.get('/')).toBeNull();
  });

  it('a shared page read while an invalidation of its tags arrives is not served', async () => {
    let now = 1_000_000;
    let answer!: (found: Awaited<ReturnType<SharedPageStore['get']>>) => void;
    const shared: SharedPageStore = {
      get: () => new Promise((resolve) => (answer = resolve)),
      set: async () => true,
    };
    const cache = createPageCache({ clock: () => now, shared: () => shared });
    const reading = cache.get('/posts/a');
    now += JOINED_FILL_MARGIN_MS + 50;
    void cache.revalidateHere(['post:a'], undefined, 0);
    now += 10;
    answer({ value: page('old', ['post:a']), cacheControl: { revalidate: false } });
    expect(await reading).toBeNull();
  });

  it('sees no page when Redis does not answer, and stores nothing', async () => {
    const connection = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    connection.on('error', () => {});
    connections.push(connection);
    const pages: SharedPages = createSharedPages(connection);
    expect(await pages.get('/')).toBeNull();
    expect(await pages.set('/', page('x', []), { revalidate: false }, [])).toBe(false);
  });
});
