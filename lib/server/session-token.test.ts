import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, EncryptJWT, jwtDecrypt } from 'jose';
import { encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';
import {
  decryptDirect,
  readSessionClaims,
  sessionCookieName,
  sessionTokenFromCookies,
  validTimes,
} from './session-token';

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

describe('decryptDirect', () => {
  const key = new Uint8Array(hkdfSync('sha256', secret, name, `Auth.js Generated Encryption Key (${name})`, 64));
  const otherKey = new Uint8Array(64).fill(7);
  const joseOptions = {
    clockTolerance: 15,
    keyManagementAlgorithms: ['dir'],
    contentEncryptionAlgorithms: ['A256CBC-HS512'],
  };
  /** What jose's jwtDecrypt (which Auth.js's decode uses) makes of a token: its header and payload, or null. */
  const byJose = async (token: string, withKey: Uint8Array) => {
    try {
      const { payload, protectedHeader } = await jwtDecrypt(token, withKey, joseOptions);
      return { header: protectedHeader, payload };
    } catch {
      return null;
    }
  };
  /** decryptDirect with jose's checks of the times (what readSessionClaims adds). */
  const byUs = (token: string, withKey: Uint8Array) => {
    const decrypted = decryptDirect(token, withKey);
    return decrypted && validTimes(decrypted.payload, Math.floor(Date.now() / 1000)) ? decrypted : null;
  };
  const sealed = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512', ...header })
      .encrypt(key);

  it('reads what jose reads and refuses what jose refuses, for tokens Auth.js issued, altered or not', async () => {
    const tokens = [
      await token({ sub: 'user-1', sid: 'session-1', sessionVersion: 3, name: 'Ada “Lovelace”' }),
      await token({ sub: 'user-2' }, { maxAge: 60 }),
      await token({ sub: 'user-3' }, { maxAge: -60 }),
      await token({ sub: 'user-4' }, { secret: 'another secret entirely' }),
      await token({ sub: 'user-5' }, { salt: sessionCookieName(true) }),
    ];
    const altered: string[] = [];
    for (const issued of tokens.slice(0, 2)) {
      // Every segment, changed at its start, middle and end; and each segment dropped or emptied.
      const parts = issued.split('.');
      parts.forEach((part, index) => {
        for (const at of [0, Math.floor(part.length / 2), part.length - 1]) {
          if (part.length === 0) continue;
          const changed = part[at] === 'A' ? 'B' : 'A';
          const copy = [...parts];
          copy[index] = `${part.slice(0, at)}${changed}${part.slice(at + 1)}`;
          altered.push(copy.join('.'));
        }
        altered.push(parts.filter((_, other) => other !== index).join('.'));
        altered.push(parts.map((other, which) => (which === index ? '' : other)).join('.'));
      });
      altered.push(`${issued}=`, `${issued}.`, issued.replace(/-/g, '+'), ` ${issued}`);
    }
    for (const candidate of [...tokens, ...altered]) {
      const ours = byUs(candidate, key);
      // Padding and spaces jose's decoder (atob) lets through are refused here: Auth.js writes neither.
      if (!/^[\w.-]+$/.test(candidate)) expect(ours, candidate).toBeNull();
      else expect(ours, candidate).toEqual(await byJose(candidate, key));
      expect(byUs(candidate, otherKey)).toBeNull();
    }
    // The live tokens are read (an altered copy is read only where jose reads it too: a changed last
    // character that only changes the unused bits of its segment's last byte).
    expect(byUs(tokens[0]!, key)?.payload).toMatchObject({ sub: 'user-1', sid: 'session-1', sessionVersion: 3 });
    expect(byUs(tokens[1]!, key)?.payload).toMatchObject({ sub: 'user-2' });
    expect(tokens.slice(2).map((candidate) => byUs(candidate, key))).toEqual([null, null, null]);
  });

  it('reads what jose reads and refuses what jose refuses, for headers and claims Auth.js never writes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const candidates = [
      await sealed({ sub: 'u', exp: now + 60 }),
      await sealed({ sub: 'u', exp: now - 10 }),
      await sealed({ sub: 'u', exp: now - 20 }),
      await sealed({ sub: 'u', exp: `${now + 60}` }),
      await sealed({ sub: 'u', nbf: now + 10 }),
      await sealed({ sub: 'u', nbf: now + 20 }),
      await sealed({ sub: 'u', iat: 'yesterday' }),
      await sealed({ sub: 'u' }, { sub: 'u' }),
      await sealed({ sub: 'u' }, { sub: 'someone else' }),
      await sealed({ sub: 'u', aud: ['a', 'b'] }, { aud: ['a', 'b'] }),
      await sealed({ sub: 'u', aud: 'a' }, { aud: 'b' }),
      await sealed({ sub: 'u' }, { kid: 'any key id' }),
      await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ sub: 'u' })))
        .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512', crit: ['urn:example'], 'urn:example': 1 })
        .encrypt(key, { crit: { 'urn:example': true } }),
      await new CompactEncrypt(new TextEncoder().encode('[1, 2]'))
        .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512' })
        .encrypt(key),
      await new CompactEncrypt(new TextEncoder().encode('not json'))
        .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512' })
        .encrypt(key),
      await new EncryptJWT({ sub: 'u' })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .encrypt(key.subarray(0, 32)),
      await new EncryptJWT({ sub: 'u' })
        .setProtectedHeader({ alg: 'A256KW', enc: 'A256CBC-HS512' })
        .encrypt(key.subarray(0, 32)),
    ];
    const answers = [];
    for (const candidate of candidates) {
      const ours = byUs(candidate, key);
      expect(ours, candidate).toEqual(await byJose(candidate, key));
      answers.push(ours !== null);
    }
    expect(answers).toEqual([
      true,
      true,
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('refuses a compressed token, which jose would inflate: Auth.js never compresses', async () => {
    const compressed = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ sub: 'u' })))
      .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512', zip: 'DEF' })
      .encrypt(key)
      .catch(() => null);
    // jose may refuse to write one at all; when it does, it must not be read here.
    if (compressed) expect(decryptDirect(compressed, key)).toBeNull();
    expect(decryptDirect((await sealed({ sub: 'u' })).replace(/^[^.]+/, ''), key)).toBeNull();
  });
});
