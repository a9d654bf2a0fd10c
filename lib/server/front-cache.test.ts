import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { whileDeaf } from '@/tests/deaf-bus';
import {
  buildEntry,
  carriesSession,
  cdnHeaders,
  chooseEncoding,
  createFrontCache,
  encodeTag,
  matchesEtag,
  requestKind,
  withVary,
} from './front-cache.mjs';

const page = Buffer.from(`<!doctype html><html><body>${'<p>A comment, with words.</p>'.repeat(200)}</body></html>`);

function entryOf(size: number, tags: string[], expiresAt = Infinity) {
  return { status: 200, tags, expiresAt, size, variants: {}, etags: [] };
}

describe('chooseEncoding', () => {
  it('prefers br, then gzip, then identity', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('deflate')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
    expect(chooseEncoding('')).toBe('identity');
  });

  it('follows q-values, and a refusal with q=0', () => {
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('br;q=0.8, gzip;q=0.8')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(chooseEncoding('x-gzip')).toBe('gzip');
  });

  it('reads * as every encoding not named', () => {
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('br;q=0, *')).toBe('gzip');
    expect(chooseEncoding('*;q=0')).toBe('identity');
  });
});

describe('matchesEtag', () => {
  const etags = ['"abc"', '"abc-br"'];
  it('matches one of the listed tags, weak or strong, and *', () => {
    expect(matchesEtag('"abc"', etags)).toBe(true);
    expect(matchesEtag('"x", W/"abc-br"', etags)).toBe(true);
    expect(matchesEtag('*', etags)).toBe(true);
  });
  it('does not match other tags or nothing', () => {
    expect(matchesEtag('"abd"', etags)).toBe(false);
    expect(matchesEtag('abc', etags)).toBe(false);
    expect(matchesEtag(undefined, etags)).toBe(false);
    expect(matchesEtag('', etags)).toBe(false);
  });
});

describe('requestKind', () => {
  const request = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({ method, url, headers });

  it('lets a plain visitor GET or HEAD of a page be answered from the front cache', () => {
    expect(requestKind(request('/posts/hello'))).toBe('page');
    expect(requestKind(request('/', { cookie: 'theme=dark' }, 'HEAD'))).toBe('page');
  });

  it('never answers a signed-in request, whatever the cookie order or prefix', () => {
    expect(requestKind(request('/', { cookie: 'a=1; authjs.session-token=x' }))).toBe('signed-in');
    expect(requestKind(request('/', { cookie: '__Secure-authjs.session-token.0=x' }))).toBe('signed-in');
    expect(requestKind(request('/', { cookie: 'quire-signed-in=1' }))).toBe('signed-in');
    expect(requestKind(request('/', { authorization: 'Bearer x' }))).toBe('signed-in');
  });

  it('leaves the client router and server actions to Next, before anything else', () => {
    expect(requestKind(request('/', { rsc: '1' }))).toBe('framework');
    expect(requestKind(request('/', { 'next-router-prefetch': '1' }))).toBe('framework');
    expect(requestKind(request('/', { 'next-router-state-tree': '%5B%5D' }))).toBe('framework');
    expect(requestKind(request('/', { 'next-router-segment-prefetch': '/_tree' }))).toBe('framework');
    expect(requestKind(request('/?_rsc=1x2y'))).toBe('framework');
    expect(requestKind(request('/', { 'next-action': 'abc', cookie: 'authjs.session-token=x' }))).toBe('framework');
  });

  it('keeps query strings, API routes, static files and odd GETs out of the front cache', () => {
    expect(requestKind(request('/posts/hello?reply=3'))).toBe('visitor');
    expect(requestKind(request('/search?q=garden'))).toBe('visitor');
    expect(requestKind(request('/api/me'))).toBe('visitor');
    expect(requestKind(request('/_next/static/chunks/a.js', { cookie: 'authjs.session-token=x' }))).toBe('other');
    expect(requestKind(request('/', { 'content-type': 'text/plain' }))).toBe('visitor');
    expect(requestKind(request('/', { range: 'bytes=0-10' }))).toBe('visitor');
    expect(requestKind(request('/', {}, 'POST'))).toBe('other');
  });

  it('reads the session cookie names conservatively', () => {
    expect(carriesSession(undefined)).toBe(false);
    expect(carriesSession('authjs.csrf-token=1')).toBe(false);
    expect(carriesSession('authjs.session-token.1=x')).toBe(true);
  });
});

describe('CDN headers', () => {
  it('encode tags in any script into CDN-safe characters, the same way every time', () => {
    expect(encodeTag('post:été-à-paris')).toBe('post%3A%C3%A9t%C3%A9-%C3%A0-paris');
    expect(encodeTag('_N_T_/posts/[slug]/page')).toBe('_N_T_%2Fposts%2F%5Bslug%5D%2Fpage');
    expect(encodeTag("it's (x)*")).toMatch(/^[A-Za-z0-9%_.~-]+$/);
  });

  it('give browsers no stale-while-revalidate and CDNs a short lifetime and the tags', () => {
    const headers = cdnHeaders({ maxAge: 60, staleSeconds: 30, tags: ['site', 'post:ü'] });
    expect(headers['cache-control']).toBe('public, max-age=0, s-maxage=60');
    expect(headers['cdn-cache-control']).toBe('public, s-maxage=60, stale-while-revalidate=30');
    expect(headers['cache-tag']).toBe('site,post%3A%C3%BC');
    expect(headers['surrogate-key']).toBe('site post%3A%C3%BC');
    expect(cdnHeaders({ maxAge: 5, staleSeconds: 0, tags: [] })['cdn-cache-control']).toBe('public, s-maxage=5');
  });

  it('add to Vary once', () => {
    expect(withVary('rsc, Accept-Encoding', ['accept-encoding', 'Cookie'])).toBe('rsc, Accept-Encoding, Cookie');
    expect(withVary(undefined, ['Cookie'])).toBe('Cookie');
  });
});

describe('buildEntry', () => {
  it('compresses once per encoding, with one ETag per representation', async () => {
    const entry = await buildEntry({
      status: 200,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'x-nextjs-cache': 'HIT',
        date: 'x',
        'content-length': '9',
      },
      body: page,
      tags: ['site'],
    });
    const identity = entry.variants.identity!;
    const br = entry.variants.br!;
    const gzip = entry.variants.gzip!;
    expect(identity.body).toEqual(page);
    expect(brotliDecompressSync(br.body)).toEqual(page);
    expect(gunzipSync(gzip.body)).toEqual(page);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-length']).toBe(String(br.body.length));
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(new Set(entry.etags).size).toBe(3);
    expect(identity.headers['x-nextjs-cache']).toBe('HIT');
    expect(identity.headers.date).toBeUndefined();
    expect(identity.headers['x-quire-cache']).toBe('HIT');
    expect(identity.headers.vary).toBe('Accept-Encoding, Cookie');
    expect(br.notModified['content-length']).toBeUndefined();
    expect(br.notModified.etag).toBe(br.headers.etag);
  });

  it('does not compress small or binary bodies', async () => {
    const small = await buildEntry({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: Buffer.from('hi'),
      tags: [],
    });
    const image = await buildEntry({ status: 200, headers: { 'content-type': 'image/png' }, body: page, tags: [] });
    expect(Object.keys(small.variants)).toEqual(['identity']);
    expect(Object.keys(image.variants)).toEqual(['identity']);
  });
});

describe('createFrontCache', () => {
  it('drops the least recently used entries past its size in bytes', () => {
    const cache = createFrontCache({ maxBytes: 300, clock: () => 0 });
    cache.set('/a', entryOf(100, ['a']), 0);
    cache.set('/b', entryOf(100, ['b']), 0);
    cache.set('/c', entryOf(100, ['c']), 0);
    expect(cache.get('/a')).not.toBeNull(); // now the most recently used
    cache.set('/d', entryOf(100, ['d']), 0);
    expect(cache.get('/b')).toBeNull();
    expect(cache.get('/a')).not.toBeNull();
    expect(cache.stats()).toMatchObject({ entries: 3, bytes: 300 });
    expect(cache.set('/huge', entryOf(301, ['h']), 0)).toBe(false);
  });

  it('drops every entry carrying an invalidated tag, and only those', () => {
    const cache = createFrontCache({ maxBytes: 1000, clock: () => 5 });
    cache.set('/posts/a', entryOf(10, ['post:a', 'posts']), 0);
    cache.set('/', entryOf(10, ['post-lists']), 0);
    cache.invalidate(['posts']);
    expect(cache.get('/posts/a')).toBeNull();
    expect(cache.get('/')).not.toBeNull();
  });

  it('refuses a page read before an invalidation of its tags and stored after it', () => {
    let now = 100;
    const cache = createFrontCache({ maxBytes: 1000, clock: () => now });
    const startedAt = now; // the request reads the page from Next's cache…
    now = 105;
    cache.invalidate(['post:a']); // …a comment lands meanwhile…
    now = 110;
    expect(cache.set('/posts/a', entryOf(10, ['post:a']), startedAt)).toBe(false); // …so it is not kept
    expect(cache.get('/posts/a')).toBeNull();
    // A request begun after the invalidation is kept; so is one whose tags were not touched.
    expect(cache.set('/posts/a', entryOf(10, ['post:a']), 106)).toBe(true);
    expect(cache.set('/posts/b', entryOf(10, ['post:b']), startedAt)).toBe(true);
    // The same instant counts as before: the clock may not have moved between the two.
    cache.invalidate(['post:c']);
    expect(cache.set('/posts/c', entryOf(10, ['post:c']), now)).toBe(false);
  });

  it('drops everything at once, refusing pages read before, and answers nothing while the bus is deaf', async () => {
    let now = 100;
    const cache = createFrontCache({ maxBytes: 1000, clock: () => now });
    cache.set('/posts/a', entryOf(10, ['post:a']), 0);
    cache.set('/', entryOf(10, ['site']), 0);
    const startedAt = now;
    now = 105;
    cache.invalidateAll();
    expect(cache.get('/posts/a')).toBeNull();
    expect(cache.get('/')).toBeNull();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(cache.set('/posts/b', entryOf(10, ['post:b']), startedAt)).toBe(false);
    expect(cache.set('/posts/b', entryOf(10, ['post:b']), 106)).toBe(true);

    expect(await whileDeaf(() => cache.get('/posts/b'))).toBeNull();
    expect(cache.get('/posts/b')).not.toBeNull();
  });

  it('lets an entry go when its page would be stale in Next', () => {
    let now = 0;
    const cache = createFrontCache({ maxBytes: 1000, clock: () => now });
    cache.set('/', entryOf(10, ['site'], 50), 0);
    expect(cache.get('/')).not.toBeNull();
    now = 50;
    expect(cache.get('/')).toBeNull();
    expect(cache.stats().entries).toBe(0);
  });
});
