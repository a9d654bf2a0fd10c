import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheClock } from '../lib/server/front-cache.mjs';
import { createFrontDoor, errorPageParts, fillErrorShell, FRONT_HOOK, frontSettings } from './front-door.mjs';
import { notePeer } from './peer-address.mjs';

type Hook = {
  pageRead(found: { tags: string[]; lastModified: number; cacheControl?: { revalidate: number | false } } | null): void;
  tagsRevalidated(tags: string | string[], options?: { purge?: boolean }): void;
};
const hook = () => (globalThis as unknown as Record<symbol, Hook>)[FRONT_HOOK]!;

/**
 * A stand-in for Next: each page is "in its page cache" with tags (reported through the hook the way
 * lib/server/page-cache-handler.mjs does) and answered with x-nextjs-cache HIT, or MISS when not cached.
 */
function fakeNext(pages: Record<string, { tags: string[]; body: string } | undefined>) {
  const seen: { url: string; acceptEncoding?: string; peer?: string }[] = [];
  let beforeAnswer: (() => Promise<void>) | undefined;
  let midBody: (() => Promise<void>) | undefined;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    seen.push({
      url: request.url!,
      acceptEncoding: request.headers['accept-encoding'],
      peer: request.headers['x-quire-peer-address'] as string | undefined,
    });
    const page = pages[request.url!.split('?')[0]!];
    hook().pageRead(
      page ? { tags: page.tags, lastModified: cacheClock(), cacheControl: { revalidate: 2_592_000 } } : null,
    );
    await beforeAnswer?.();
    response.setHeader('x-nextjs-cache', page ? 'HIT' : 'MISS');
    response.setHeader(
      'cache-control',
      request.url!.startsWith('/uploads/')
        ? 'public, max-age=31536000, immutable'
        : 's-maxage=2592000, stale-while-revalidate=28944000',
    );
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('vary', 'rsc, Accept-Encoding');
    response.setHeader('content-security-policy', "default-src 'self'");
    response.write('<!doctype html>');
    await midBody?.();
    response.end(page?.body ?? '<p>rendered just now</p>'.repeat(100));
  };
  return {
    handle,
    seen,
    delayNextAnswer: (wait: () => Promise<void>) => (beforeAnswer = wait),
    delayBody: (wait: () => Promise<void>) => (midBody = wait),
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function start(
  next: Pick<ReturnType<typeof fakeNext>, 'handle'>,
  options: {
    maxBytes?: number;
    purge?: (tags: string[]) => void;
    errorPages?: boolean;
    beforeApp?: (request: IncomingMessage) => void;
  } = {},
) {
  // Listening first: the front door is given the server's own address.
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const frontDoor = createFrontDoor({
    handle: next.handle,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    maxAge: 60,
    staleSeconds: 30,
    purge: options.purge,
    origin: options.errorPages ? origin : undefined,
    beforeApp: options.beforeApp,
  });
  server.on('request', (request, response) => void frontDoor(request, response));
  return (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${origin}${path}`, { method, headers: { 'accept-encoding': 'identity', ...headers } });
}

/** The front cache fills after the response closes; gives it a moment. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const body = '<p>The post, with its comments.</p>'.repeat(100);

describe('the front door', () => {
  it('keeps a page Next served from its cache and answers the next visitors without Next', async () => {
    const next = fakeNext({ '/posts/a': { tags: ['post:a', 'posts'], body } });
    const get = await start(next);
    const first = await get('/posts/a', { 'accept-encoding': 'gzip, br' });
    expect(first.headers.get('x-quire-cache')).toBeNull();
    // The capture asked Next for the plain bytes.
    expect(next.seen[0]!.acceptEncoding).toBeUndefined();
    await first.text();
    await settle();

    const plain = await get('/posts/a');
    expect(plain.headers.get('x-quire-cache')).toBe('HIT');
    expect(await plain.text()).toBe(`<!doctype html>${body}`);
    expect(plain.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(plain.headers.get('cache-tag')).toBe('post%3Aa,posts');
    expect(plain.headers.get('vary')).toBe('rsc, Accept-Encoding, Cookie');

    const compressed = await get('/posts/a', { 'accept-encoding': 'gzip;q=0.9, br' });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    expect(compressed.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    expect(next.seen).toHaveLength(1);

    const head = await get('/posts/a', {}, 'HEAD');
    expect(head.headers.get('x-quire-cache')).toBe('HIT');
    expect(next.seen).toHaveLength(1);
  });

  it("writes the socket's address over a client's own for the app, and answers a kept page without it", async () => {
    const next = fakeNext({ '/posts/a': { tags: ['post:a'], body } });
    const prepared: string[] = [];
    const get = await start(next, {
      beforeApp: (request) => {
        prepared.push(request.url!);
        notePeer(request);
      },
    });
    await (await get('/posts/a', { 'x-quire-peer-address': '203.0.113.9' })).text();
    await settle();
    expect(next.seen.map(({ peer }) => peer)).toEqual(['127.0.0.1']);
    expect((await get('/posts/a')).headers.get('x-quire-cache')).toBe('HIT');
    await (await get('/posts/a?reply=1', { 'x-quire-peer-address': '203.0.113.9' })).text();
    expect(next.seen.map(({ peer }) => peer)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(prepared).toEqual(['/posts/a', '/posts/a?reply=1']);
  });

  it('answers If-None-Match with a 304', async () => {
    const next = fakeNext({ '/': { tags: ['post-lists'], body } });
    const get = await start(next);
    await (await get('/')).text();
    await settle();
    const etag = (await get('/')).headers.get('etag')!;
    const notModified = await get('/', { 'if-none-match': `W/${etag}` });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect((await get('/', { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('drops a page when one of its tags is invalidated, and tells the CDN', async () => {
    const purged: string[][] = [];
    const next = fakeNext({ '/posts/a': { tags: ['post:a'], body }, '/posts/b': { tags: ['post:b'], body } });
    const get = await start(next, { purge: (tags) => purged.push(tags) });
    for (const path of ['/posts/a', '/posts/b']) await (await get(path)).text();
    await settle();
    hook().tagsRevalidated('post:a');
    expect(purged).toEqual([['post:a']]);
    expect((await get('/posts/a')).headers.get('x-quire-cache')).toBeNull();
    expect((await get('/posts/b')).headers.get('x-quire-cache')).toBe('HIT');
    // Another server's write: dropped here, and the CDN is told only by the server that wrote.
    hook().tagsRevalidated(['post:b'], { purge: false });
    expect(purged).toEqual([['post:a']]);
    expect((await get('/posts/b')).headers.get('x-quire-cache')).toBeNull();
  });

  it('never keeps a page read before an invalidation that came while it was being sent', async () => {
    const next = fakeNext({ '/posts/a': { tags: ['post:a'], body } });
    const get = await start(next);
    // The page is read from Next's cache, then a comment invalidates it before the response is written.
    next.delayNextAnswer(async () => hook().tagsRevalidated(['post:a']));
    const raced = await get('/posts/a');
    // Not offered to a CDN either: its tags were invalidated after it was read.
    expect(raced.headers.get('cache-control')).toBe('public, no-cache');
    await raced.text();
    await settle();
    next.delayNextAnswer(async () => {});
    expect((await get('/posts/a')).headers.get('x-quire-cache')).toBeNull();
  });

  it('never keeps a page whose tags were invalidated while its body was still being written', async () => {
    const next = fakeNext({ '/posts/a': { tags: ['post:a'], body } });
    const get = await start(next);
    next.delayBody(async () => hook().tagsRevalidated(['post:a']));
    await (await get('/posts/a')).text();
    await settle();
    next.delayBody(async () => {});
    expect((await get('/posts/a')).headers.get('x-quire-cache')).toBeNull();
    await settle();
    // Read after the invalidation: kept.
    expect((await get('/posts/a')).headers.get('x-quire-cache')).toBe('HIT');
  });

  it('gives a signed-in reader a held page marked private, and never fills from their requests', async () => {
    const next = fakeNext({ '/posts/a': { tags: ['post:a'], body }, '/posts/b': { tags: ['post:b'], body } });
    const get = await start(next);
    await (await get('/posts/a')).text();
    await settle();
    const signedIn = await get('/posts/a', { cookie: 'authjs.session-token=abc', 'accept-encoding': 'br' });
    expect(signedIn.headers.get('x-quire-cache')).toBe('HIT');
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect(signedIn.headers.get('cache-tag')).toBeNull();
    expect(signedIn.headers.get('surrogate-key')).toBeNull();
    expect(signedIn.headers.get('cdn-cache-control')).toBeNull();
    expect(signedIn.headers.get('content-encoding')).toBe('br');
    expect(await signedIn.text()).toContain(body);
    const again = await get('/posts/a', {
      cookie: 'quire-signed-in=1',
      'if-none-match': signedIn.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('private, no-store');
    // Pages not held go to Next, and a signed-in response is never kept for anyone.
    for (let i = 0; i < 2; i++) {
      const response = await get('/posts/b', { cookie: 'authjs.session-token=abc' });
      expect(response.headers.get('x-quire-cache')).toBeNull();
      await response.text();
      await settle();
    }
    expect((await get('/posts/b')).headers.get('x-quire-cache')).toBeNull();
    expect(next.seen.map((request) => request.url)).toEqual(['/posts/a', '/posts/b', '/posts/b', '/posts/b']);
  });

  it('leaves misses, the client router and query strings to Next', async () => {
    const next = fakeNext({ '/posts/a': { tags: ['post:a'], body } });
    const get = await start(next);
    await (await get('/posts/a')).text();
    await settle();
    const rsc = await get('/posts/a', { rsc: '1' });
    expect(rsc.headers.get('x-quire-cache')).toBeNull();
    expect(rsc.headers.get('cache-control')).toBe('private, no-store');
    expect((await get('/posts/a?reply=3')).headers.get('x-quire-cache')).toBeNull();
    // An image a signed-in reader loads keeps its own long-lived header.
    const image = await get('/uploads/a.png', { cookie: 'authjs.session-token=abc' });
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/posts/a', {}, 'POST')).headers.get('x-quire-cache')).toBeNull();
    // A page Next rendered just now: its tags are unknown here, so a CDN may keep it only to revalidate it.
    const miss = await get('/posts/new');
    expect(miss.headers.get('cache-control')).toBe('public, no-cache');
    await miss.text();
    await settle();
    expect((await get('/posts/new')).headers.get('x-quire-cache')).toBeNull();
    expect(next.seen.map((request) => request.url)).toEqual([
      '/posts/a',
      '/posts/a',
      '/posts/a?reply=3',
      '/uploads/a.png',
      '/posts/a',
      '/posts/new',
      '/posts/new',
    ]);
  });

  it('gives a CDN a short lifetime and the tags of a cached page even with the front cache off', async () => {
    const next = fakeNext({ '/': { tags: ['site', 'post-lists'], body } });
    const get = await start(next, { maxBytes: 0 });
    const response = await get('/');
    expect(response.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60');
    expect(response.headers.get('cdn-cache-control')).toBe('public, s-maxage=60, stale-while-revalidate=30');
    expect(response.headers.get('surrogate-key')).toBe('site post-lists');
    await response.text();
    await settle();
    expect((await get('/')).headers.get('x-quire-cache')).toBeNull();
  });

  it('sends brotli bytes that are the page', async () => {
    const next = fakeNext({ '/feed.xml': { tags: ['post-lists'], body } });
    const get = await start(next);
    await (await get('/feed.xml')).text();
    await settle();
    const response = await get('/feed.xml', { 'accept-encoding': 'br' });
    expect(response.headers.get('content-encoding')).toBe('br');
    // fetch() decodes br itself; the length header is the compressed one.
    expect(await response.text()).toBe(`<!doctype html>${body}`);
    expect(Number(response.headers.get('content-length'))).toBeLessThan(body.length / 5);
  });
});

/** The key app/quire-error-page checks (the front door makes it). */
const errorPageKey = () => (globalThis as unknown as Record<symbol, string>)[Symbol.for('quire.error-page-key')]!;

/** Next's answer when a page calls notFound(): status 404 and a body of scripts (Next 16.4, shortened). */
const errorShell =
  '<!DOCTYPE html><html id="__next_error__"><head><meta name="robots" content="noindex"/><title>The Live Title</title></head>' +
  '<body><div hidden=""><!--$--><!--/$--></div><script id="_R_">boot()</script>' +
  '<script>self.__next_f.push([1,"the not-found page, drawn in the browser"])</script></body></html>';

/** The hidden page's HTML as Next renders it: the root layout around app/not-found.tsx (or forbidden). */
function errorPageHtml(path: string, heading: string) {
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>' +
    '<link rel="stylesheet" href="/_next/static/chunks/site.css" data-precedence="next"/>' +
    '<script src="/_next/static/chunks/main.js" async=""></script><title>The Live Title</title></head>' +
    '<body class="min-h-screen"><header><a href="/">The Live Title</a>' +
    `<a href="/signin?returnTo=${encodeURIComponent(path)}">Sign in</a></header>` +
    `<main><h1>${heading}</h1><a href="/archive">Browse the archive</a></main>` +
    '<script>self.__next_f.push([1,"payload"])</script></body></html>'
  );
}

/**
 * A stand-in for Next answering missing pages with the error shell, the hidden error pages (cached,
 * tagged `site`), /dashboard with a 403 shell and /_not-found with the prerendered page.
 */
function fakeNextWithErrorPages() {
  const seen: string[] = [];
  let errorPageStatus = 200;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url!;
    seen.push(url);
    response.setHeader('content-type', 'text/html; charset=utf-8');
    const errorPage = /^\/quire-error-page\/([^/]+)\/(\d+)$/.exec(url);
    if (errorPage && errorPage[1] === errorPageKey() && errorPageStatus === 200) {
      hook().pageRead({ tags: ['site'], lastModified: cacheClock(), cacheControl: { revalidate: 2_592_000 } });
      response.setHeader('x-nextjs-cache', 'HIT');
      response.setHeader('cache-control', 's-maxage=2592000');
      response.end(errorPageHtml(url, errorPage[2] === '403' ? 'You can’t open this page' : 'Page not found'));
      return;
    }
    hook().pageRead(null);
    const opened = errorPage?.[1] === errorPageKey();
    response.statusCode = opened ? errorPageStatus : url.startsWith('/dashboard') ? 403 : 404;
    if (url === '/_not-found') {
      response.end('<!DOCTYPE html><html lang="en"><head></head><body><h1>Page not found</h1></body></html>');
      return;
    }
    // Next compresses what it renders for a request that keeps Accept-Encoding (not cached here).
    const encoding = /[?&](gzip|br)\b/.exec(url)?.[1];
    if (encoding) {
      response.setHeader('content-encoding', encoding);
      response.end(encoding === 'br' ? brotliCompressSync(errorShell) : gzipSync(errorShell));
      return;
    }
    if (url.includes('length')) {
      response.setHeader('content-length', Buffer.byteLength(errorShell));
      response.end(errorShell);
      return;
    }
    // Streamed, as a render Next did just now is.
    response.flushHeaders();
    response.write(errorShell.slice(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 5));
    response.end(errorShell.slice(40));
  };
  return { handle, seen, failErrorPages: (status: number) => (errorPageStatus = status) };
}

describe('the error shell', () => {
  it('gets the 404 page’s markup for readers without JavaScript, keeping its status, head and scripts', async () => {
    const next = fakeNextWithErrorPages();
    const get = await start(next, { errorPages: true });
    for (const path of ['/posts/nope', '/posts/nope?length=1', '/posts/nope?gzip', '/posts/nope?br']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-encoding')).toBeNull();
      const html = await response.text();
      expect(Number(response.headers.get('content-length') ?? Buffer.byteLength(html))).toBe(Buffer.byteLength(html));
      expect(html).toContain('<html id="__next_error__" lang="en">');
      expect(html).toContain(
        '<title>The Live Title</title><link rel="stylesheet" href="/_next/static/chunks/site.css" data-precedence="next"/></head>',
      );
      expect(html).toContain('<body class="min-h-screen"><header><a href="/">The Live Title</a>');
      expect(html).toContain('<main><h1>Page not found</h1>');
      // The sign-in link comes back to the address asked, not to the hidden page.
      expect(html).toContain('<a href="/signin?returnTo=%2Fposts%2Fnope">Sign in</a>');
      expect(html).not.toContain('quire-error-page');
      // Next's own scripts stay, the hidden page's go (its payload would be a second app).
      expect(html).toContain('<script id="_R_">boot()</script>');
      expect(html).toContain('drawn in the browser');
      expect(html).not.toContain('payload');
      expect(html).not.toContain('main.js');
    }
    const forbidden = await get('/dashboard', { cookie: 'authjs.session-token=abc' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('<main><h1>You can’t open this page</h1>');
  });

  it('fetches the page’s markup once, then from the front cache until a write changes the site', async () => {
    const next = fakeNextWithErrorPages();
    const get = await start(next, { errorPages: true });
    for (let i = 0; i < 3; i++) {
      await (await get(`/missing-${i}`)).text();
      await settle();
    }
    const errorPageFetches = () => next.seen.filter((url) => url.startsWith('/quire-error-page/')).length;
    expect(errorPageFetches()).toBe(1);
    hook().tagsRevalidated(['site']);
    expect(await (await get('/missing-3')).text()).toContain('Page not found');
    expect(errorPageFetches()).toBe(2);
  });

  it('leaves every other response as Next sent it', async () => {
    const next = fakeNextWithErrorPages();
    const get = await start(next, { errorPages: true });
    const prerendered = await get('/_not-found');
    expect(prerendered.status).toBe(404);
    expect(await prerendered.text()).toBe(
      '<!DOCTYPE html><html lang="en"><head></head><body><h1>Page not found</h1></body></html>',
    );
    // The client router's request, and a HEAD (no body to fill).
    expect(await (await get('/posts/nope', { rsc: '1' })).text()).toBe(errorShell);
    const head = await get('/posts/nope', {}, 'HEAD');
    expect(head.status).toBe(404);
    // From outside the hidden page is a 404 like any unknown address, and gets the same markup.
    const outside = await get('/quire-error-page/guessed/404');
    expect(outside.status).toBe(404);
    expect(await outside.text()).toContain('<main><h1>Page not found</h1>');
    expect(next.seen.filter((url) => url.startsWith('/quire-error-page/'))).toHaveLength(2);
  });

  it('sends the bare shell, still a 404, when the page’s markup cannot be had', async () => {
    const next = fakeNextWithErrorPages();
    const get = await start(next, { errorPages: true });
    next.failErrorPages(500);
    for (const path of ['/posts/nope?length=1', '/posts/nope?gzip']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      // fetch() undoes the gzip Next applied.
      expect(await response.text()).toBe(errorShell);
    }
    const off = await start(fakeNextWithErrorPages());
    expect(await (await off('/posts/nope')).text()).toBe(errorShell);
  });
});

describe('fillErrorShell', () => {
  it('returns the shell unchanged when either document is not what Next writes', () => {
    const parts = errorPageParts(errorPageHtml('/quire-error-page/k/404', 'Page not found'));
    expect(errorPageParts('<p>no document</p>')).toBeNull();
    expect(fillErrorShell(errorShell, null)).toBe(errorShell);
    expect(fillErrorShell('<html><head></head><body></body></html>', parts)).toBe(
      '<html><head></head><body></body></html>',
    );
    expect(fillErrorShell(errorShell, parts)).toContain('<h1>Page not found</h1>');
  });
});

describe('frontSettings', () => {
  it('reads the sizes and lifetimes, with defaults', () => {
    expect(frontSettings({})).toEqual({ maxBytes: 64 * 1024 * 1024, maxAge: 60, staleSeconds: 60 });
    expect(frontSettings({ FRONT_CACHE_MB: '0', CDN_MAX_AGE: '5', CDN_STALE_SECONDS: '0' })).toEqual({
      maxBytes: 0,
      maxAge: 5,
      staleSeconds: 0,
    });
  });
  it('refuses values that are not whole numbers', () => {
    expect(() => frontSettings({ FRONT_CACHE_MB: 'lots' })).toThrow(
      'FRONT_CACHE_MB=lots is not a whole number of megabytes.',
    );
    expect(() => frontSettings({ CDN_MAX_AGE: '-1' })).toThrow('CDN_MAX_AGE=-1 is not a whole number of seconds.');
  });
});

describe('the viewer request', () => {
  const VIEWER_DOOR = Symbol.for('quire.viewer-door');
  const doors = globalThis as unknown as Record<symbol, unknown>;
  afterEach(() => {
    delete doors[VIEWER_DOOR];
  });

  it('is answered by the app’s viewer door without Next, private, with the headers it was given', async () => {
    const asked: { cookie?: string; id: string }[] = [];
    doors[VIEWER_DOOR] = async function door(headers: Record<string, string>, id: string) {
      asked.push({ cookie: headers.cookie, id });
      return {
        status: 200,
        body: { user: { name: 'Ada <b>' } },
        headers: { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff' },
      };
    };
    const next = fakeNext({});
    const get = await start(next);
    const response = await get('/api/posts/12/viewer', { cookie: 'authjs.session-token=abc' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('content-type')).toBe('application/json');
    // The door's own headers (the site's security headers), once each.
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toEqual({ user: { name: 'Ada <b>' } });
    expect(asked).toEqual([{ cookie: 'authjs.session-token=abc', id: '12' }]);
    expect(next.seen).toEqual([]);
  });

  it('goes to Next when the door declines or fails, when it is not open, and for other addresses', async () => {
    let mode: 'decline' | 'fail' = 'decline';
    doors[VIEWER_DOOR] = async function door() {
      if (mode === 'fail') throw new Error('database is locked');
      return null;
    };
    const next = fakeNext({});
    const get = await start(next);
    await (await get('/api/posts/12/viewer')).text();
    mode = 'fail';
    await (await get('/api/posts/12/viewer')).text();
    await (await get('/api/posts/12/viewer?x=1')).text();
    await (await get('/api/posts/12/viewer', {}, 'POST')).text();
    delete doors[VIEWER_DOOR];
    await (await get('/api/posts/12/viewer')).text();
    expect(next.seen.map((request) => request.url)).toEqual([
      '/api/posts/12/viewer',
      '/api/posts/12/viewer',
      '/api/posts/12/viewer?x=1',
      '/api/posts/12/viewer',
      '/api/posts/12/viewer',
    ]);
  });
});

describe('a search’s first asking', () => {
  const SEARCH_DOOR = Symbol.for('quire.search-door');
  const doors = globalThis as unknown as Record<symbol, unknown>;
  afterEach(() => {
    delete doors[SEARCH_DOOR];
  });
  const page = '<html><title>Search: garden</title><p>Results for garden.</p></html>'.repeat(20);

  it('is answered by the app’s search door without Next, compressed for this reader', async () => {
    const asked: { url: string; cookie?: string }[] = [];
    doors[SEARCH_DOOR] = async function door(headers: Record<string, string>, url: string) {
      asked.push({ url, cookie: headers.cookie });
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'DENY' },
        body: page,
      };
    };
    const next = fakeNext({});
    const get = await start(next);
    const response = await get('/search?q=garden', { 'accept-encoding': 'br, gzip', cookie: 'a=b' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('vary')).toMatch(/^rsc, .*Accept-Encoding$/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toBe(page);
    const plain = await get('/search?q=garden&page=2');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(page));
    expect(asked).toEqual([
      { url: '/search?q=garden', cookie: 'a=b' },
      { url: '/search?q=garden&page=2', cookie: undefined },
    ]);
    expect(next.seen).toEqual([]);
  });

  it('goes to Next when the door declines or fails, when it is not open, and for the client router', async () => {
    let mode: 'decline' | 'fail' = 'decline';
    doors[SEARCH_DOOR] = async function door() {
      if (mode === 'fail') throw new Error('database is locked');
      return null;
    };
    const next = fakeNext({});
    const get = await start(next);
    await (await get('/search?q=a')).text();
    mode = 'fail';
    await (await get('/search?q=b')).text();
    await (await get('/search?q=c', { rsc: '1' })).text();
    await (await get('/search?q=d', {}, 'POST')).text();
    delete doors[SEARCH_DOOR];
    await (await get('/search?q=e')).text();
    expect(next.seen.map((request) => request.url)).toEqual([
      '/search?q=a',
      '/search?q=b',
      '/search?q=c',
      '/search?q=d',
      '/search?q=e',
    ]);
  });
});

describe('the comment form’s post', () => {
  const COMMENT_DOOR = Symbol.for('quire.comment-door');
  const doors = globalThis as unknown as Record<symbol, unknown>;
  afterEach(() => {
    delete doors[COMMENT_DOOR];
  });

  /** A Next that reads each post's body, to show what reached it. */
  function bodyReadingNext() {
    const received: { url: string; body: string }[] = [];
    const handle = async (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      received.push({ url: request.url!, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(303, { location: '/from-next' });
      response.end();
    };
    return { handle, received };
  }

  async function startWith(handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>) {
    const frontDoor = createFrontDoor({ handle, maxBytes: 1024 * 1024, maxAge: 60, staleSeconds: 30 });
    const server = createServer((request, response) => void frontDoor(request, response));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return (path: string, body: string) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'authjs.session-token=abc' },
      });
  }

  it('is answered by the app’s comment door without Next: its status, headers, cookies and body', async () => {
    const asked: { cookie?: string; id: string; body: string | null }[] = [];
    doors[COMMENT_DOOR] = async function door(
      headers: Record<string, string>,
      id: string,
      readBody: () => Promise<string | null>,
    ) {
      asked.push({ cookie: headers.cookie, id, body: await readBody() });
      return {
        status: 303,
        headers: {
          Location: '/posts/a-post#comment-9',
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'strict-origin-when-cross-origin',
        },
        body: '',
        setCookies: ['quire-viewer=1; Path=/; SameSite=Lax', 'quire-refused-comment=; Max-Age=0; Path=/'],
      };
    };
    const next = bodyReadingNext();
    const post = await startWith(next.handle);
    const response = await post('/api/posts/12/comments', 'body=Hello%20there&here=%2Fposts%2Fa-post');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/posts/a-post#comment-9');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.getSetCookie()).toEqual([
      'quire-viewer=1; Path=/; SameSite=Lax',
      'quire-refused-comment=; Max-Age=0; Path=/',
    ]);
    expect(asked).toEqual([
      { cookie: 'authjs.session-token=abc', id: '12', body: 'body=Hello%20there&here=%2Fposts%2Fa-post' },
    ]);
    expect(next.received).toEqual([]);
  });

  it('leaves the post, body unread, to Next when the door declines or fails before reading it', async () => {
    let mode: 'decline' | 'fail' = 'decline';
    doors[COMMENT_DOOR] = async function door() {
      if (mode === 'fail') throw new Error('not ready');
      return null;
    };
    const next = bodyReadingNext();
    const post = await startWith(next.handle);
    expect((await post('/api/posts/12/comments', 'body=first')).headers.get('location')).toBe('/from-next');
    mode = 'fail';
    expect((await post('/api/posts/12/comments', 'body=second')).headers.get('location')).toBe('/from-next');
    expect((await post('/api/posts/12/viewer', 'body=third')).headers.get('location')).toBe('/from-next');
    expect(next.received).toEqual([
      { url: '/api/posts/12/comments', body: 'body=first' },
      { url: '/api/posts/12/comments', body: 'body=second' },
      { url: '/api/posts/12/viewer', body: 'body=third' },
    ]);
  });

  it('answers with a sentence when the door fails after reading the form (Next can no longer read it)', async () => {
    doors[COMMENT_DOOR] = async function door(_headers: unknown, _id: string, readBody: () => Promise<unknown>) {
      await readBody();
      throw new Error('database is locked');
    };
    const next = bodyReadingNext();
    const post = await startWith(next.handle);
    const response = await post('/api/posts/12/comments', 'body=Hello');
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/could not be posted because of an error on this site/);
    expect(next.received).toEqual([]);
  });

  it('gives the door no body past the form limit', async () => {
    let read: string | null | undefined;
    doors[COMMENT_DOOR] = async function door(_headers: unknown, _id: string, readBody: () => Promise<string | null>) {
      read = await readBody();
      return { status: 400, headers: {}, body: 'unreadable', setCookies: [] };
    };
    const post = await startWith(bodyReadingNext().handle);
    const response = await post('/api/posts/12/comments', `body=${'x'.repeat(2 * 1024 * 1024 + 70 * 1024)}`);
    expect(response.status).toBe(400);
    expect(read).toBeNull();
  });
});
