import 'server-only';
import { parseCookie } from 'cookie';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { extendSession, getSessionAccount } from '@/db/queries/sessions';
import type { User } from '@/db/schema';
import { clientAddress, requestIsHttps } from './client-address';
import { getEnv, siteUrl } from './env';
import { ensureSecret } from './secrets';
import { readSessionClaims, sessionCookieName, sessionTokenFromCookies, type SessionClaims } from './session-token';

export type CurrentUser = Pick<
  User,
  'id' | 'name' | 'handle' | 'email' | 'image' | 'role' | 'createdAt' | 'bannedUntil' | 'banReason'
>;

const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The signed-in user, read from the database on every call: a deleted account, a changed role or a
 * session ended by "Sign out" takes effect on the very next request, whatever the session cookie
 * still says. One lookup (the session's row joined to its account), once per request however many
 * layouts, pages and actions ask.
 */
export const getCurrentUser = cache(async function getCurrentUser(): Promise<CurrentUser | null> {
  return userForSession(await readSession(new Headers(await headers()), (await cookies()).getAll()));
});

/**
 * The same as getCurrentUser for a request read outside Next's request scope (the viewer request the
 * front door answers, scripts/front-door.mjs): from its headers alone.
 */
export async function currentUserFromHeaders(requestHeaders: Headers): Promise<CurrentUser | null> {
  // Parsed as Next parses request cookies (decoded values), without building a request for it.
  const requestCookies = Object.entries(parseCookie(requestHeaders.get('cookie') ?? '')).flatMap(([name, value]) =>
    value === undefined ? [] : [{ name, value }],
  );
  return userForSession(await readSession(requestHeaders, requestCookies));
}

/** The account a session's claims name, checked against the database (see getCurrentUser). */
async function userForSession(session: SessionClaims | null): Promise<CurrentUser | null> {
  if (!session?.sessionId) return null;
  const found = await getSessionAccount({ sessionId: session.sessionId });
  // Signed out, a deleted account, or a session from before "sign out everywhere" or a password change.
  if (!found || found.user.id !== session.userId || found.user.sessionVersion !== session.sessionVersion) return null;
  // Sessions end 30 days after their last use, like the cookie: renewed at most once a day.
  const now = Date.now();
  if (found.expires.getTime() < now + SESSION_MAX_AGE_MS - DAY_MS) {
    await extendSession({ sessionId: session.sessionId, expires: new Date(now + SESSION_MAX_AGE_MS) });
  }
  const { user } = found;
  return {
    id: user.id,
    name: user.name,
    handle: user.handle,
    email: user.email,
    image: user.image,
    role: user.role,
    createdAt: user.createdAt,
    bannedUntil: user.bannedUntil,
    banReason: user.banReason,
  };
}

/**
 * The session cookie's claims, read as Auth.js's `auth()` reads them (same cookie name, chunks, secret
 * and decryption) but without running Auth.js for it: see lib/server/session-token.ts. The cookie is secure
 * (and __Secure- named) on an https site or an https request, as lib/server/auth.ts sets it.
 */
async function readSession(requestHeaders: Headers, requestCookies: { name: string; value: string }[]) {
  const secure = siteUrl().startsWith('https://') || requestIsHttps(requestHeaders, getEnv().TRUST_PROXY);
  const name = sessionCookieName(secure);
  const token = sessionTokenFromCookies(requestCookies, name);
  return token ? readSessionClaims(token, ensureSecret('auth'), name) : null;
}

/** The address this request came from (see lib/server/client-address.ts), for rate limits. */
export async function getClientAddress(): Promise<string> {
  return clientAddress(new Headers(await headers()), getEnv().TRUST_PROXY);
}
