import { describe, expect, it } from 'vitest';
import PageCacheHandler, {
  cacheClock,
  createPageCache,
  entrySize,
  JOINED_FILL_MARGIN_MS,
} from './page-cache-handler.mjs';
import { whileDeaf } from '@/tests/deaf-bus';

// A rendered page as Next hands it to the cache: HTML, the RSC payload and its tags in a header.
function page(html: string, tags: string[]) {
  return {
    kind: 'APP_PAGE',
    html,
    rscData: Buffer.from(`rsc:${html}`),
    headers: { 'x-next-cache-tags': tags.join(',') },
    status: 200,
  };
}

function fakeClock(start = 1_000_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('the page cache', () => {
  it('keeps a page until one of its tags is invalidated', () => {
    const time = fakeClock();
    const cache = createPageCache({ clock: time.clock });
    expect(cache.get('/posts/a')).toBeNull();
    time.advance(100);
    cache.set('/posts/a', page('old', ['post:a', 'posts']), { revalidate: false });
    time.advance(10_000);
    expect(cache.get('/posts/a')?.value?.html).toBe('old');
    void cache.revalidateTag(['post:b']);
    expect(cache.get('/posts/a')?.value?.html).toBe('old');
    void cache.revalidateTag(['post:a']);
    expect(cache.get('/posts/a')).toBeNull();
  });

  it('drops a page whose render began before an invalidation, though stored after it', () => {
    const time = fakeClock();
    const cache = createPageCache({ clock: time.clock });
    expect(cache.get('/')).toBeNull(); // the miss that starts the render
    time.advance(300);
    void cache.revalidateTag(['site']); // "2 posts per page" saved while the page renders
    time.advance(300);
    cache.set('/', page('ten posts', ['site']), { revalidate: false });
    time.advance(JOINED_FILL_MARGIN_MS);
    expect(cache.get('/')).toBeNull();
    // The render that follows is kept.
    time.advance(300);
    cache.set('/', page('two posts', ['site']), { revalidate: false });
    expect(cache.get('/')?.value?.html).toBe('two posts');
  });

  it('drops a page rendered from a data fill that began up to the margin before the invalidation', () => {
    const time = fakeClock();
    const cache = createPageCache({ clock: time.clock });
    // A fill started by another request; then the write; then this page's render joins that fill.
    time.advance(JOINED_FILL_MARGIN_MS / 2);
    void cache.revalidateTag(['post:a']);
    time.advance(10);
    expect(cache.get('/posts/a')).toBeNull();
    cache.set('/posts/a', page('from the old fill', ['post:a']), { revalidate: false });
    expect(cache.get('/posts/a')).toBeNull();
  });

  it('uses one clock, whatever the wall clock says', () => {
    const time = fakeClock();
    const cache = createPageCache({ clock: time.clock });
    const realNow = Date.now;
    // The wall clock a minute ahead of the cache's: nothing here may read it.
    Date.now = () => realNow() + 60_000;
    try {
      cache.get('/feed');
      cache.set('/feed', page('old feed', ['post-lists']), { revalidate: false });
      time.advance(5_000);
      void cache.revalidateTag('post-lists');
      time.advance(1);
      expect(cache.get('/feed')).toBeNull();
      // The handler Next loads reads the monotonic clock, the one Next's tag checks use, not Date.now().
      expect(Math.abs(cacheClock() - (performance.timeOrigin + performance.now()))).toBeLessThan(1_000);
    } finally {
      Date.now = realNow;
    }
  });

  it('revalidateTag with a later expiry marks the page stale for a background render, then expires it', () => {
    const time = fakeClock();
    const cache = createPageCache({ clock: time.clock });
    cache.get('/labels/x');
    cache.set('/labels/x', page('list', ['post-lists']), { revalidate: false });
    time.advance(5_000);
    void cache.revalidateTag(['post-lists'], { expire: 60 });
    time.advance(1);
    expect(cache.get('/labels/x')?.value?.html).toBe('list');
    time.advance(61_000);
    expect(cache.get('/labels/x')).toBeNull();
  });

  it('drops the least recently used pages past its size, and never keeps one larger than all of it', () => {
    const time = fakeClock();
    const big = 'x'.repeat(400);
    const size = entrySize('/p/1', page(big, []));
    const cache = createPageCache({ maxBytes: size * 2 + 10, clock: time.clock });
    cache.set('/p/1', page(big, []), undefined);
    cache.set('/p/2', page(big, []), undefined);
    time.advance(JOINED_FILL_MARGIN_MS);
    expect(cache.get('/p/1')).not.toBeNull(); // now the most recently used
    cache.set('/p/3', page(big, []), undefined);
    expect(cache.get('/p/2')).toBeNull();
    expect(cache.get('/p/1')).not.toBeNull();
    expect(cache.get('/p/3')).not.toBeNull();
    cache.set('/p/huge', page('y'.repeat(size * 3), []), undefined);
    expect(cache.get('/p/huge')).toBeNull();
    expect(cache.stats().bytes).toBeLessThanOrEqual(size * 2 + 10);
  });

  it('answers an invalidation once the renders already running have stored their pages', async () => {
    const time = fakeClock();
    const cache = createPageCache({ clock: time.clock });
    cache.get('/posts/a'); // a render begins
    let done = false;
    const invalidated = cache.revalidateTag(['post:a'], undefined, 60_000).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    time.advance(200);
    cache.set('/posts/a', page('begun before the write', ['post:a']), { revalidate: false });
    await invalidated;
    expect(done).toBe(true);
    // What that render stored is not served after the write.
    expect(cache.get('/posts/a')).toBeNull();
  });

  it('waits for a running render no longer than it was told', async () => {
    const cache = createPageCache({ clock: fakeClock().clock });
    cache.get('/never-stored');
    const started = performance.now();
    await cache.revalidateTag(['t'], undefined, 50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    // Nothing running: no wait at all.
    const idle = createPageCache({ clock: fakeClock().clock });
    let settled = false;
    void idle.revalidateTag(['t'], undefined, 60_000).then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(true);
  });

  it('drops every page at once, and the renders running then, waiting for them', async () => {
    const time = fakeClock();
    const cache = createPageCache({ clock: time.clock });
    cache.set('/posts/a', page('a', ['post:a']), { revalidate: false });
    expect(cache.get('/')).toBeNull(); // a render begins
    time.advance(10);
    const dropped = cache.dropAllHere(5_000);
    expect(cache.get('/posts/a')).toBeNull();
    let done = false;
    void dropped.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(done).toBe(false);
    time.advance(10);
    cache.set('/', page('old home', ['site']), { revalidate: false });
    await dropped;
    time.advance(JOINED_FILL_MARGIN_MS);
    expect(cache.get('/')).toBeNull();
    cache.set('/', page('new home', ['site']), { revalidate: false });
    expect(cache.get('/')?.value?.html).toBe('new home');
  });

  it('has the CDN told of a write here, not of one another process passed on', async () => {
    const told: { tags: string | string[]; purge: boolean }[] = [];
    const hooks = globalThis as Record<symbol, unknown>;
    hooks[Symbol.for('quire.front-door')] = {
      tagsRevalidated: (tags: string | string[], { purge }: { purge: boolean }) => told.push({ tags, purge }),
    };
    try {
      const cache = createPageCache({ clock: fakeClock().clock });
      await cache.revalidateTag(['post:a'], { expire: 0 });
      await cache.revalidateHere(['post:b'], { expire: 0 });
    } finally {
      delete hooks[Symbol.for('quire.front-door')];
    }
    expect(told).toEqual([
      { tags: ['post:a'], purge: true },
      { tags: ['post:b'], purge: false },
    ]);
  });

  it('serves nothing while the invalidation bus may be missing invalidations', async () => {
    const cache = createPageCache({ clock: fakeClock().clock });
    cache.set('/posts/a', page('a', ['post:a']), { revalidate: false });
    expect(await whileDeaf(() => cache.get('/posts/a'))).toBeNull();
    expect(cache.get('/posts/a')?.value?.html).toBe('a');
  });

  it('is one cache across the handlers Next makes per request', async () => {
    const first = new PageCacheHandler({ maxMemoryCacheSize: 1024 * 1024 });
    const second = new PageCacheHandler({ maxMemoryCacheSize: 1024 * 1024 });
    await first.get('/shared');
    await first.set('/shared', page('shared', ['t']), { cacheControl: { revalidate: false } });
    expect((await second.get('/shared'))?.value?.html).toBe('shared');
    await second.revalidateTag(['t']);
    expect(await first.get('/shared')).toBeNull();
  });

  it('is one cache across copies of this file (the build bundles one into the proxy)', async () => {
    // A second module instance of the same file, as a bundle holds one.
    const copyPath: string = './page-cache-handler.mjs?bundled-copy';
    const bundled = (await import(/* @vite-ignore */ copyPath)) as typeof import('./page-cache-handler.mjs');
    expect(bundled.default).not.toBe(PageCacheHandler);
    const loaded = new PageCacheHandler();
    const copy = new bundled.default();
    expect(copy.cache).toBe(loaded.cache);
    expect(copy.cache).toBe((globalThis as Record<symbol, unknown>)[Symbol.for('quire.page-cache')]);
  });
});
