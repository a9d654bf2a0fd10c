import { decode } from 'next-auth/jwt';

// Reads Auth.js's session cookie the way Auth.js itself does, without running Auth.js: `auth()`
// builds the whole Auth.js configuration (adapter, providers), makes a Request, decrypts the token,
// encrypts a renewed one that a page cannot even set, and round-trips the session through JSON —
// about a millisecond on every signed-in request and every comment posted.

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
 * What lib/auth.ts's session callback would put in the session: the account (`sub`), the session's
 * row (`sid`) and the account's session version at sign-in. Null for a missing, forged, expired or
 * unreadable token, as Auth.js answers with no session.
 */
export async function readSessionClaims(
  token: string,
  secret: string,
  cookieName: string,
): Promise<SessionClaims | null> {
  try {
    const payload = await decode({ token, secret, salt: cookieName });
    if (!payload?.sub) return null;
    return {
      userId: payload.sub,
      sessionId: typeof payload.sid === 'string' ? payload.sid : '',
      sessionVersion: typeof payload.sessionVersion === 'number' ? payload.sessionVersion : 0,
    };
  } catch {
    return null;
  }
}
