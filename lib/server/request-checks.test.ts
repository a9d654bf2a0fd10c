import { describe, expect, it } from 'vitest';
import {
  checkPagePost,
  isReadableReturnAddress,
  PAGE_POST_LIMIT_BYTES,
  repairedForwardedHeaders,
  requestOrigin,
  unreadableReturnCookies,
  withoutCookies,
} from './request-checks';

const site = 'http://blog.test';

function post(headers: Record<string, string>, body?: BodyInit, method = 'POST'): Request {
  return new Request(`${site}/posts/hello`, { method, headers: { host: 'blog.test', ...headers }, body });
}

function multipart(fields: Record<string, string>): { body: string; type: string } {
  const boundary = 'quireboundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return { body: `${parts.join('')}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

async function answer(request: Request): Promise<{ status: number; text: string } | null> {
  const response = await checkPagePost(request);
  return response ? { status: response.status, text: await response.text() } : null;
}

describe('requestOrigin', () => {
  const headers = (values: Record<string, string>) => new Headers({ host: 'blog.test', ...values });

  it('compares the Origin with the host the request was sent to', () => {
    expect(requestOrigin(headers({ origin: 'http://blog.test' }))).toBe('same');
    expect(requestOrigin(headers({ origin: 'https://evil.example' }))).toBe('foreign');
    expect(requestOrigin(headers({}))).toBe('missing');
  });

  it('treats "null" and unreadable origins as foreign', () => {
    expect(requestOrigin(headers({ origin: 'null' }))).toBe('foreign');
    expect(requestOrigin(headers({ origin: 'garbage' }))).toBe('foreign');
  });

  it('prefers the first X-Forwarded-Host, as Next.js does', () => {
    expect(requestOrigin(headers({ origin: 'https://blog.example', 'x-forwarded-host': 'blog.example, proxy' }))).toBe(
      'same',
    );
  });
});

describe('checkPagePost', () => {
  it('lets reads and well-formed server action calls through', async () => {
    expect(await answer(new Request(`${site}/`, { headers: { 'content-type': 'text/plain' } }))).toBeNull();
    expect(
      await answer(post({ 'next-action': 'abc', origin: site, 'content-type': 'text/plain' }, '["a",1]')),
    ).toBeNull();
    const form = multipart({ '0': '["$K1"]', '1_name': 'Ann' });
    expect(await answer(post({ 'next-action': 'abc', 'content-type': form.type }, form.body))).toBeNull();
    const plain = multipart({ $ACTION_ID_abc: '', name: 'Ann' });
    expect(await answer(post({ origin: site, 'content-type': plain.type }, plain.body))).toBeNull();
  });

  it('refuses a server action sent from another site with a 403 and a sentence', async () => {
    const fetchCall = await answer(
      post({ 'next-action': 'abc', origin: 'https://evil.example', 'content-type': 'text/plain' }, '[]'),
    );
    expect(fetchCall).toEqual({ status: 403, text: 'This form was sent from another site.' });
    const form = multipart({ $ACTION_ID_abc: '', email: 'a@b.c' });
    expect(await answer(post({ origin: 'null', 'content-type': form.type }, form.body))).toEqual({
      status: 403,
      text: 'This form was sent from another site.',
    });
  });

  it('answers 400 for a body the action handler cannot read', async () => {
    const garbage = await answer(post({ 'content-type': 'multipart/form-data; boundary=x' }, 'garbage'));
    expect(garbage?.status).toBe(400);
    expect(garbage?.text).toMatch(/could not be read/);
    expect((await answer(post({ 'content-type': 'multipart/form-data' }, 'garbage')))?.status).toBe(400);
    expect(
      (await answer(post({ 'next-action': 'abc', 'content-type': 'text/plain' }, '{"not":"a list"}')))?.status,
    ).toBe(400);
    expect((await answer(post({ 'next-action': 'abc', 'content-type': 'text/plain' }, '[broken')))?.status).toBe(400);
    const noRoot = multipart({ name: 'Ann' });
    expect((await answer(post({ 'next-action': 'abc', 'content-type': noRoot.type }, noRoot.body)))?.status).toBe(400);
  });

  it('answers 405 for data posted to a page that is not a server action', async () => {
    for (const request of [
      post({ 'content-type': 'application/json' }, '{"a":1}'),
      post({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'),
      post({ 'content-type': multipart({ name: 'Ann' }).type }, multipart({ name: 'Ann' }).body),
      post({ 'content-type': 'text/plain' }, 'hello', 'PUT'),
    ]) {
      const refusal = await answer(request);
      expect(refusal?.status).toBe(405);
      expect(refusal?.text).toMatch(/does not take posted data/);
    }
  });

  it('answers 413 for a body larger than server actions accept, before reading it', async () => {
    const refusal = await answer(
      post({ 'next-action': 'abc', 'content-length': String(PAGE_POST_LIMIT_BYTES + 1), 'content-type': 'text/plain' }),
    );
    expect(refusal?.status).toBe(413);
  });
});

describe('repairedForwardedHeaders', () => {
  it('leaves readable headers alone', () => {
    expect(
      repairedForwardedHeaders(new Headers({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'blog.example:8443' })),
    ).toBeNull();
    expect(repairedForwardedHeaders(new Headers({ 'x-forwarded-host': '[::1]:3000' }))).toBeNull();
    expect(repairedForwardedHeaders(new Headers({}))).toBeNull();
  });

  it('keeps the first entry of a list and drops what cannot be read', () => {
    const repaired = repairedForwardedHeaders(
      new Headers({ 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'a b', cookie: 'kept=1' }),
    );
    expect(repaired?.get('x-forwarded-proto')).toBe('https');
    expect(repaired?.has('x-forwarded-host')).toBe(false);
    expect(repaired?.get('cookie')).toBe('kept=1');
    expect(
      repairedForwardedHeaders(new Headers({ 'x-forwarded-host': 'blog.example, proxy.local' }))?.get(
        'x-forwarded-host',
      ),
    ).toBe('blog.example');
  });

  it('makes every header it returns one that new URL() reads', () => {
    for (const junk of ['a b', '<x>', 'https://', '%', 'x\ty', ':', 'ftp,', 'é']) {
      const headers = repairedForwardedHeaders(new Headers({ 'x-forwarded-proto': junk, 'x-forwarded-host': junk }));
      const proto = headers?.get('x-forwarded-proto') ?? 'http';
      const host = headers?.get('x-forwarded-host') ?? 'localhost';
      expect(() => new URL(`${proto}://${host}`), junk).not.toThrow();
    }
  });
});

describe('isReadableReturnAddress', () => {
  it('accepts paths and http(s) addresses, as Auth.js does', () => {
    expect(isReadableReturnAddress('/posts/hello')).toBe(true);
    expect(isReadableReturnAddress('https://blog.example/account')).toBe(true);
  });

  it('refuses what Auth.js would answer with a 500', () => {
    for (const value of ['garbage', 'javascript:alert(1)', '', 'data:text/html,x', 'http://[']) {
      expect(isReadableReturnAddress(value), value).toBe(false);
    }
  });
});

describe('withoutCookies', () => {
  it('drops the named cookies and keeps the others exactly as sent', () => {
    expect(withoutCookies('a=1; authjs.callback-url=%%; b=x%20y', ['authjs.callback-url'])).toBe('a=1; b=x%20y');
    expect(withoutCookies('authjs.callback-url=x', ['authjs.callback-url'])).toBe('');
  });
});

describe('unreadableReturnCookies', () => {
  const names = ['authjs.callback-url', '__Secure-authjs.callback-url'];

  it('names the return-address cookies Auth.js would choke on, even badly encoded ones', () => {
    expect(unreadableReturnCookies('authjs.callback-url=garbage; a=1', names)).toEqual(['authjs.callback-url']);
    expect(unreadableReturnCookies('authjs.callback-url=%E0%A4%A', names)).toEqual(['authjs.callback-url']);
    expect(unreadableReturnCookies('__Secure-authjs.callback-url=javascript%3Aalert(1)', names)).toEqual([
      '__Secure-authjs.callback-url',
    ]);
  });

  it('leaves readable, empty and other cookies alone, and reads only the first of a name', () => {
    expect(unreadableReturnCookies('authjs.callback-url=%2Faccount; b=garbage', names)).toEqual([]);
    expect(unreadableReturnCookies('authjs.callback-url=http%3A%2F%2Flocalhost%3A3000%2F', names)).toEqual([]);
    expect(unreadableReturnCookies('authjs.callback-url=', names)).toEqual([]);
    expect(unreadableReturnCookies('authjs.callback-url=%2F; authjs.callback-url=garbage', names)).toEqual([]);
  });
});
