import { createDecipheriv, createHash, createHmac, hkdf, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';

// Reads Auth.js's session cookie the way Auth.js itself does, without running Auth.js: `auth()`
// builds the whole Auth.js configuration (adapter, providers), makes a Request, decrypts the token,
// encrypts a renewed one that a page cannot even set, and round-trips the session through JSON —
// about a millisecond on every signed-in request and every comment posted. Auth.js's own `decode`
// also derives the key (HKDF) and its id (a SHA-512 thumbprint) again for every token, two trips
// to the thread pool per request: here they are derived once per secret and cookie name. And the
// token is decrypted with node:crypto (decryptDirect below), not with jose's WebCrypto path.

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
        const jwk = JSON.stringify({ k: Buffer.from(key).toString('base64url'), kty: 'oct' });
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
 * same token, and decrypting it again (decryptDirect, about 10–20 µs) would cost more than looking it
 * up. Only tokens that decrypted are kept; a token says nothing about whether its session still
 * stands (lib/server/session.ts checks that in the database on every request).
 */
const readTokens = new LRUCache<string, { claims: SessionClaims; usableUntil: number }>({ max: 10_000 });
const CLOCK_TOLERANCE_SECONDS = 15;

async function decryptSessionClaims(
  token: string,
  secret: string,
  cookieName: string,
): Promise<{ claims: SessionClaims; usableUntil: number } | null> {
  const { key, kid } = await derivedKey(secret, cookieName);
  const decrypted = decryptDirect(token, key);
  if (!decrypted) return null;
  const { header, payload } = decrypted;
  // A token naming a key id must name this key.
  if (header.kid !== undefined && header.kid !== kid) return null;
  if (!validTimes(payload, Math.floor(Date.now() / 1000))) return null;
  if (typeof payload.sub !== 'string' || payload.sub === '') return null;
  return {
    claims: {
      userId: payload.sub,
      sessionId: typeof payload.sid === 'string' ? payload.sid : '',
      sessionVersion: typeof payload.sessionVersion === 'number' ? payload.sessionVersion : 0,
    },
    // As the check of `exp` in validTimes (with the same tolerance); Auth.js always writes one.
    usableUntil:
      typeof payload.exp === 'number' ? (payload.exp + CLOCK_TOLERANCE_SECONDS) * 1000 : Number.NEGATIVE_INFINITY,
  };
}

type JsonObject = Record<string, unknown>;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Auth.js's token as its `decode` reads it with jose's `jwtDecrypt`: a compact JWE with direct
 * encryption (`dir`: no encrypted key) and the one content algorithm its `encode` writes,
 * A256CBC-HS512 (RFC 7518 §5.2.2.2: the first 32 bytes of the key authenticate, HMAC-SHA-512 over the
 * protected header's text, the IV, the ciphertext and the header's length in bits, cut to 32 bytes and
 * compared in constant time; the last 32 decrypt, AES-256-CBC). Null for anything else, a token
 * altered anywhere, or a payload that is not a JSON object. Synchronous and in this thread: jose's
 * WebCrypto path (two key imports, the tag compared through a generated key, each step a trip to the
 * thread pool) cost about 0.3 ms of CPU a token, a tenth of a comment's when its reader's token is new.
 * lib/server/session-token.test.ts holds it to jose's answers, altered tokens included.
 */
export function decryptDirect(token: string, key: Uint8Array): { header: JsonObject; payload: JsonObject } | null {
  const parts = token.split('.');
  if (parts.length !== 5 || !parts.every((part) => BASE64URL.test(part))) return null;
  const [protectedHeader, encryptedKey, ivText, ciphertextText, tagText] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (encryptedKey !== '' || key.length !== 64) return null;
  const header = jsonObject(Buffer.from(protectedHeader, 'base64url'));
  // No critical extensions (jose refuses those it is not told of) and no compression (jose inflates;
  // Auth.js never compresses, so a compressed token is not one of its own).
  if (!header || header.alg !== 'dir' || header.enc !== 'A256CBC-HS512' || 'zip' in header || 'crit' in header) {
    return null;
  }
  const iv = Buffer.from(ivText, 'base64url');
  const ciphertext = Buffer.from(ciphertextText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== 16 || tag.length !== 32 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
  const aad = Buffer.from(protectedHeader, 'ascii');
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  const expected = createHmac('sha512', key.subarray(0, 32))
    .update(aad)
    .update(iv)
    .update(ciphertext)
    .update(aadBits)
    .digest()
    .subarray(0, 32);
  if (!timingSafeEqual(expected, tag)) return null;
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key.subarray(32), iv);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return null;
  }
  const payload = jsonObject(plaintext);
  if (!payload) return null;
  // Claims the header repeats must be the payload's (RFC 7519 §5.3), as jwtDecrypt checks.
  const repeated = (claim: 'iss' | 'sub') => header[claim] === undefined || header[claim] === payload[claim];
  const audience = header.aud === undefined || JSON.stringify(header.aud) === JSON.stringify(payload.aud);
  return repeated('iss') && repeated('sub') && audience ? { header, payload } : null;
}

function jsonObject(bytes: Buffer): JsonObject | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
  } catch {
    return null;
  }
}

/**
 * jose's `jwtDecrypt` checks of the times, with the same tolerance: `exp`, `nbf` and `iat` are numbers
 * when present, the token has not expired (`exp` more than the tolerance in the past) and is not yet
 * to be used (`nbf` more than the tolerance ahead).
 */
export function validTimes(payload: Record<string, unknown>, now: number): boolean {
  const { exp, nbf, iat } = payload;
  if (exp !== undefined && (typeof exp !== 'number' || exp <= now - CLOCK_TOLERANCE_SECONDS)) return false;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + CLOCK_TOLERANCE_SECONDS)) return false;
  return iat === undefined || typeof iat === 'number';
}
