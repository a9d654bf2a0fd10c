import { createHash, hkdf } from 'node:crypto';
import { base64url, jwtDecrypt } from 'jose';
import { LRUCache } from 'lru-cache';

// Reads Auth.js's session cookie the way Auth.js itself does, without running Auth.js: `auth()`
// builds the whole Auth.js configuration (adapter, providers), makes a Request, decrypts the token,
// encrypts a renewed one that a page cannot even set, and round-trips the session through JSON —
// about a millisecond on every signed-in request and every comment posted. Auth.js's own `decode`
// also derives the key (HKDF) and its id (a SHA-512 thumbprint) again for every token, two trips
// to the thread pool per request: here they are derived once per secret and cookie name.

type DerivedKey = { key: Uint8Array; kid: string };
const derivedKeys = new Map<string, Promise<DerivedKey>>();

/**
 * Auth.js's token key for a secret and cookie name (its `getDerivedEncryptionKey`: HKDF-SHA-256,
 * the cookie name as salt, 64 bytes for A256CBC-HS512) and the key id its `encode` writes in the
 * token header (the RFC 7638 thumbprint of the key as an `oct` JWK, SHA-512).
 */
function derivedKey(secret: string, salt: string): Promise<DerivedKey> {
  const cacheKey = `${salt}\u0000${secret}`;
  let found = derivedKeys.get(cacheKey);
  if (!found) {
    found = new Promise<DerivedKey>((resolve, reject) => {
      hkdf('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64, (error, bytes) => {
        if (error) return reject(error);
        const key = new Uint8Array(bytes);
        const jwk = JSON.stringify({ k: base64url.encode(key), kty: 'oct' });
        resolve({ key, kid: createHash('sha512').update(jwk).digest('base64url') });
      });
    });
    // Two cookie names (plain and __Secure-) for one secret in a process's life: a tiny map.
    derivedKeys.set(cacheKey, found);
  }
  return found;
}

/** Auth.js's session cookie name: with the __Secure- prefix when its cookies are secure. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}authjs.session-token`;
}

/**
 * The session token from the request's cookies: the cookie itself, or its chunks (`name.0`, `name.1`…)
 * joined in order when Auth.js had to split a large token. Like Auth.js's SessionStore, every cookie
 * whose name starts with the session cookie's is a chunk.
 */
export function sessionTokenFromCookies(cookies: { name: string; value: string }[], name: string): string | null {
  const chunks = cookies.filter((cookie) => cookie.name.startsWith(name) && cookie.value);
  if (chunks.length === 0) return null;
  const suffix = (cookieName: string) => parseInt(cookieName.split('.').pop() || '0') || 0;
  return chunks
    .sort((a, b) => suffix(a.name) - suffix(b.name))
    .map((cookie) => cookie.value)
    .join('');
}

export type SessionClaims = { userId: string; sessionId: string; sessionVersion: number };

/**
 * What lib/server/auth.ts's session callback would put in the session: the account (`sub`), the session's
 * row (`sid`) and the account's session version at sign-in. Null for a missing, forged, expired or
 * unreadable token, as Auth.js answers with no session.
 */
export async function readSessionClaims(
  token: string,
  secret: string,
  cookieName: string,
): Promise<SessionClaims | null> {
  const cacheKey = `${cookieName}\u0000${token}`;
  const known = readTokens.get(cacheKey);
  if (known && Date.now() <= known.usableUntil) return known.claims;
  const claims = await decryptSessionClaims(token, secret, cookieName);
  if (claims) readTokens.set(cacheKey, claims);
  return claims?.claims ?? null;
}

/**
 * Tokens read lately, with what they said, until they expire: a reader's every request carries the
 * same token, and decrypting it (AES-CBC and HMAC through WebCrypto) cost about a tenth of a signed-in
 * request. Only tokens that decrypted are kept; a token says nothing about whether its session still
 * stands (lib/server/session.ts checks that in the database on every request).
 */
const readTokens = new LRUCache<string, { claims: SessionClaims; usableUntil: number }>({ max: 10_000 });
const CLOCK_TOLERANCE_SECONDS = 15;

async function decryptSessionClaims(
  token: string,
  secret: string,
  cookieName: string,
): Promise<{ claims: SessionClaims; usableUntil: number } | null> {
  try {
    const { key, kid } = await derivedKey(secret, cookieName);
    // As Auth.js's `decode`: direct encryption, the content algorithm its `encode` uses, 15 s of clock
    // tolerance for `exp`/`nbf`, and a token naming a key id must name this key.
    const { payload, protectedHeader } = await jwtDecrypt(token, key, {
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256CBC-HS512'],
    });
    if (protectedHeader.kid !== undefined && protectedHeader.kid !== kid) return null;
    if (!payload?.sub) return null;
    return {
      claims: {
        userId: payload.sub,
        sessionId: typeof payload.sid === 'string' ? payload.sid : '',
        sessionVersion: typeof payload.sessionVersion === 'number' ? payload.sessionVersion : 0,
      },
      // As jwtDecrypt checks `exp` (with the same tolerance); Auth.js always writes one.
      usableUntil:
        typeof payload.exp === 'number' ? (payload.exp + CLOCK_TOLERANCE_SECONDS) * 1000 : Number.NEGATIVE_INFINITY,
    };
  } catch {
    return null;
  }
}
