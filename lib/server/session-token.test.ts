import { encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';
import { readSessionClaims, sessionCookieName, sessionTokenFromCookies } from './session-token';

const secret = 'a test secret that is long enough for Auth.js';
const name = sessionCookieName(false);
const token = (claims: Record<string, unknown>, options: { salt?: string; secret?: string; maxAge?: number } = {}) =>
  encode({ token: claims, secret: options.secret ?? secret, salt: options.salt ?? name, maxAge: options.maxAge });

describe('sessionCookieName', () => {
  it('carries the __Secure- prefix exactly when the cookies are secure, as Auth.js names them', () => {
    expect(sessionCookieName(false)).toBe('authjs.session-token');
    expect(sessionCookieName(true)).toBe('__Secure-authjs.session-token');
  });
});

describe('sessionTokenFromCookies', () => {
  it('reads the cookie, or joins its chunks in order, and ignores other cookies', () => {
    expect(sessionTokenFromCookies([{ name, value: 'whole' }], name)).toBe('whole');
    expect(
      sessionTokenFromCookies(
        [
          { name: `${name}.1`, value: 'second' },
          { name: 'theme', value: 'dark' },
          { name: `${name}.0`, value: 'first-' },
        ],
        name,
      ),
    ).toBe('first-second');
    expect(sessionTokenFromCookies([{ name: 'theme', value: 'dark' }], name)).toBeNull();
    expect(sessionTokenFromCookies([{ name, value: '' }], name)).toBeNull();
  });

  it('does not read the plain cookie when the secure one is asked for', () => {
    expect(sessionTokenFromCookies([{ name, value: 'plain' }], sessionCookieName(true))).toBeNull();
  });
});

describe('readSessionClaims', () => {
  it('reads the account, the session and its version from a token Auth.js issued', async () => {
    const issued = await token({ sub: 'user-1', sid: 'session-1', sessionVersion: 3, name: 'Ada' });
    expect(await readSessionClaims(issued, secret, name)).toEqual({
      userId: 'user-1',
      sessionId: 'session-1',
      sessionVersion: 3,
    });
  });

  it('defaults the session fields a token from before them lacks, as the session callback does', async () => {
    expect(await readSessionClaims(await token({ sub: 'user-1' }), secret, name)).toEqual({
      userId: 'user-1',
      sessionId: '',
      sessionVersion: 0,
    });
  });

  it('refuses a token made with another secret, for another cookie name, expired, altered, or without an account', async () => {
    const claims = { sub: 'user-1', sid: 'session-1' };
    expect(
      await readSessionClaims(await token(claims, { secret: 'another secret entirely' }), secret, name),
    ).toBeNull();
    expect(await readSessionClaims(await token(claims, { salt: sessionCookieName(true) }), secret, name)).toBeNull();
    expect(await readSessionClaims(await token(claims, { maxAge: -60 }), secret, name)).toBeNull();
    const issued = await token(claims);
    const altered = `${issued.slice(0, -4)}${issued.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(await readSessionClaims(altered, secret, name)).toBeNull();
    expect(await readSessionClaims('not a token', secret, name)).toBeNull();
    expect(await readSessionClaims(await token({ sid: 'session-1' }), secret, name)).toBeNull();
  });

  it('keeps a token it read only until the token expires, and only for the cookie name it was read under', async () => {
    const issued = await token({ sub: 'user-2', sid: 'session-2' }, { maxAge: 60 });
    expect(await readSessionClaims(issued, secret, name)).toMatchObject({ userId: 'user-2' });
    // The same token under the other cookie name was never valid there, read before or not.
    expect(await readSessionClaims(issued, secret, sessionCookieName(true))).toBeNull();
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(now + 30_000);
      expect(await readSessionClaims(issued, secret, name)).toMatchObject({ userId: 'user-2' });
      // Past `exp` and the 15 seconds of tolerance: refused, though it was read (and kept) before.
      vi.setSystemTime(now + 80_000);
      expect(await readSessionClaims(issued, secret, name)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
