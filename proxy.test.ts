import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from './db/test-database';
import { proxy, searchLimitRefusal } from './proxy';

const site = 'http://localhost:3000';

function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return proxy(new NextRequest(`${site}${path}`, { ...init, headers: { host: 'localhost:3000', ...init.headers } }));
}

/** The request headers the proxy hands on to the page (Next.js's middleware override protocol). */
function forwardedHeader(response: Response, name: string): string | null {
  const overridden = response.headers.get('x-middleware-override-headers')?.split(',') ?? [];
  if (!overridden.includes(name)) return 'unchanged';
  return response.headers.get(`x-middleware-request-${name}`);
}

describe('proxy', () => {
  it('answers a malformed multipart post to a page with a 400 and a sentence', async () => {
    const response = await call('/', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: 'garbage',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/could not be read/);
  });

  it('refuses a server action call from another site with a 403', async () => {
    const response = await call('/posts/hello-world', {
      method: 'POST',
      headers: { 'next-action': 'abc', origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '[]',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('This form was sent from another site.');
  });

  it('leaves a post page and its form posts to the shared page, signed in or not', async () => {
    const view = await call('/posts/hello-world', { headers: { cookie: 'authjs.session-token=x' } });
    expect(view.headers.get('x-middleware-rewrite')).toBeNull();
    const post = await call('/posts/hello-world', {
      method: 'POST',
      headers: { 'next-action': 'abc', origin: site, 'content-type': 'text/plain', cookie: 'authjs.session-token=x' },
      body: '["a"]',
    });
    expect(post.headers.get('x-middleware-rewrite')).toBeNull();
  });

  it('sends addresses that open a form or carry a sentence to the per-request page, and their posts too', async () => {
    const reply = await call('/posts/hello-world?reply=12');
    expect(reply.headers.get('x-middleware-rewrite')).toBe(`${site}/posts/hello-world/per-request?reply=12`);
    const later = await call('/posts/hello-world/comments/newest/2?notice=Saved');
    expect(later.headers.get('x-middleware-rewrite')).toBe(
      `${site}/posts/hello-world/per-request?notice=Saved&cpath=newest%2F2`,
    );
    const post = await call('/posts/hello-world?edit=3', {
      method: 'POST',
      headers: { 'next-action': 'abc', origin: site, 'content-type': 'text/plain' },
      body: '["a"]',
    });
    expect(post.headers.get('x-middleware-rewrite')).toBe(`${site}/posts/hello-world/per-request?edit=3`);
  });

  it('gives the sign-in page a policy that lets its forms go on to the configured providers', async () => {
    const response = await call('/signin');
    expect(response.headers.get('content-security-policy')).toMatch(/form-action 'self'/);
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });

  it('refuses an Auth.js return address Auth.js cannot read, and drops such a cookie', async () => {
    const refused = await call('/api/auth/signin?callbackUrl=javascript:alert(1)');
    expect(refused.status).toBe(400);
    expect((await call('/api/auth/session?callbackUrl=%2F&callbackUrl=garbage')).status).toBe(400);
    expect((await call('/api/auth/session?callbackUrl=%2Faccount')).status).not.toBe(400);
    const repaired = await call('/api/auth/session', { headers: { cookie: 'a=1; authjs.callback-url=garbage' } });
    expect(forwardedHeader(repaired, 'cookie')).toBe('a=1');
    const badlyEncoded = await call('/api/auth/session', { headers: { cookie: 'authjs.callback-url=%E0%A4%A; a=1' } });
    expect(forwardedHeader(badlyEncoded, 'cookie')).toBe('a=1');
    const kept = await call('/api/auth/session', { headers: { cookie: 'authjs.callback-url=%2Faccount' } });
    expect(forwardedHeader(kept, 'cookie')).toBe('unchanged');
  });

  it('hands on a readable X-Forwarded-Proto and -Host instead of ones new URL() rejects', async () => {
    const response = await call('/page/2', {
      headers: { 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'a b' },
    });
    expect(forwardedHeader(response, 'x-forwarded-proto')).toBe('https');
    expect(response.headers.get('x-middleware-override-headers')?.split(',')).not.toContain('x-forwarded-host');
  });

  it('answers 404 for broken percent-encoding, Auth.js addresses included', async () => {
    expect((await call('/api/auth/%E0%A4%A')).status).toBe(404);
    expect((await call('/posts/%E0%A4%A')).status).toBe(404);
  });
});

describe('the search limit', () => {
  // As scripts/peer-address.mjs sets it from the socket; TRUST_PROXY is unset here.
  const from = (address: string, headers: Record<string, string> = {}) => ({
    headers: { 'x-quire-peer-address': address, ...headers },
  });
  const rewritten = (response: Response) => response.headers.get('x-middleware-rewrite');
  const passedOn = (response: Response) => response.headers.get('x-middleware-next') === '1';
  // A first asking goes to /search/answer, which fills the cached search shell with this request's results.
  const answered = (response: Response) => rewritten(response)?.startsWith(`${site}/search/answer?`) ?? false;

  beforeEach(async () => {
    await useTestDatabase();
  });

  it('answers the 61st search a minute from one address with a 429, a sentence and Retry-After', async () => {
    for (let search = 1; search <= 60; search++) {
      const response = await call(`/search?q=garden&page=${search}`, from('203.0.113.7'));
      expect(answered(response), `search ${search}`).toBe(true);
    }
    const refused = await call('/search?q=heron', from('203.0.113.7'));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toBe('Too many searches from your address. Wait a minute and search again.');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(rewritten(refused)).toBeNull();

    // A forwarded address the server does not trust changes nothing; the results path is no detour.
    expect((await call('/search?q=heron', from('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' }))).status).toBe(
      429,
    );
    expect((await call('/search/results/_heron/1', from('203.0.113.7'))).status).toBe(429);
    // Another address has its own count, and the empty search form is no search.
    expect(answered(await call('/search?q=heron', from('203.0.113.8')))).toBe(true);
    expect((await call('/search?q=%20', from('203.0.113.7'))).headers.get('x-middleware-next')).toBe('1');
  });

  it('answers a query’s first asking per request and serves it again from its cached results page', async () => {
    const first = await call('/search?q=Kestrel%20nests', from('203.0.113.10'));
    expect(rewritten(first)).toBe(`${site}/search/answer?q=Kestrel%20nests`);
    // The client router's request for the same first asking wants flight data: the /search page's.
    expect(passedOn(await call('/search?q=Heron%20nests', from('203.0.113.10', { rsc: '1' })))).toBe(true);
    // Asked again, from anywhere: the cached page (its path encodes the query as one segment).
    expect(rewritten(await call('/search?q=Kestrel+nests+', from('203.0.113.11')))).toBe(
      `${site}/search/results/_Kestrel%20nests/1`,
    );
    // Another page of it is another first asking.
    expect(answered(await call('/search?q=Kestrel%20nests&page=2', from('203.0.113.10')))).toBe(true);
  });

  it('counts direct requests for a results page as searches', async () => {
    for (let search = 1; search <= 60; search++) {
      expect((await call(`/search/results/_garden/${search}`, from('203.0.113.9'))).status).toBe(200);
    }
    expect((await call('/search?q=garden', from('203.0.113.9'))).status).toBe(429);
  });

  it('hands the limiter the client address and turns its refusal into the answer', async () => {
    const asked: string[] = [];
    const now = new Date('2026-12-01T10:00:00Z');
    const request = new NextRequest(`${site}/search?q=garden`, {
      headers: { 'x-quire-peer-address': '::ffff:192.0.2.4' },
    });
    const allowed = await searchLimitRefusal(request, (address) => (asked.push(address), { allowed: true }), now);
    expect(allowed).toBeNull();
    const refused = await searchLimitRefusal(
      request,
      () => ({ allowed: false, message: 'Slow down.', retryAt: new Date(now.getTime() + 12_500) }),
      now,
    );
    expect(asked).toEqual(['192.0.2.4']);
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get('retry-after')).toBe('13');
  });
});
