import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
vi.mock('next/headers', () => ({ cookies: vi.fn() }));
// Secure exactly when the test's request says so (lib/server/auth.ts decides it from the site and proxy).
vi.mock('./auth', () => ({
  secureCookiesFor: async (request?: { headers: Headers }) => request?.headers.get('x-test-https') === '1',
}));
const { headerCookieJar } = await import('./cookie-jar');

describe('headerCookieJar', () => {
  it('reads the request’s cookies and collects what is set and deleted as Set-Cookie values', async () => {
    const jar = await headerCookieJar(new Headers({ cookie: 'a=1; quire-refused-comment=tok%20en' }));
    expect(jar.get('a')).toBe('1');
    expect(jar.get('quire-refused-comment')).toBe('tok en');
    expect(jar.get('missing')).toBeUndefined();
    jar.set('quire-viewer', 'abc', { maxAge: 86_400 });
    jar.set('quire-kept', 'xyz', { maxAge: 60, httpOnly: true });
    jar.delete('quire-refused-comment');
    expect(jar.get('quire-viewer')).toBe('abc');
    expect(jar.get('quire-refused-comment')).toBeUndefined();
    expect(jar.setCookies()).toEqual([
      'quire-viewer=abc; Max-Age=86400; Path=/; SameSite=Lax',
      'quire-kept=xyz; Max-Age=60; Path=/; HttpOnly; SameSite=Lax',
      'quire-refused-comment=; Max-Age=0; Path=/; SameSite=Lax',
    ]);
  });

  it('marks every cookie Secure on an https request', async () => {
    const jar = await headerCookieJar(new Headers({ 'x-test-https': '1' }));
    jar.set('quire-viewer', 'abc', { maxAge: 10 });
    expect(jar.setCookies()).toEqual(['quire-viewer=abc; Max-Age=10; Path=/; Secure; SameSite=Lax']);
  });
});
