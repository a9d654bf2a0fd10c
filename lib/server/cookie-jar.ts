import 'server-only';
import { parseCookie, stringifySetCookie } from 'cookie';
import { cookies } from 'next/headers';
import { secureCookiesFor } from './auth';

/**
 * The cookies Quire's own services keep in a browser (a kept comment, the viewer's revision): always
 * for every path, SameSite=Lax, Secure on an https site or request.
 */
export type CookieSetting = { maxAge: number; httpOnly?: boolean };

export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, setting: CookieSetting): void;
  delete(name: string): void;
}

const attributes = (setting: CookieSetting, secure: boolean) => ({
  path: '/',
  sameSite: 'lax' as const,
  httpOnly: setting.httpOnly ?? false,
  maxAge: setting.maxAge,
  secure,
});

/** The request's cookies as Next holds them: in server actions and route handlers. */
export async function requestCookieJar(): Promise<CookieJar> {
  const jar = await cookies();
  const secure = await secureCookiesFor(undefined);
  return {
    get: (name) => jar.get(name)?.value,
    set: (name, value, setting) => void jar.set(name, value, attributes(setting, secure)),
    delete: (name) => void jar.delete(name),
  };
}

/**
 * The same from a request's headers alone, outside Next's request scope (the front door's answers,
 * scripts/front-door.mjs): what is set is collected as `Set-Cookie` values for the response.
 */
export async function headerCookieJar(requestHeaders: Headers): Promise<CookieJar & { setCookies: () => string[] }> {
  const values: Record<string, string | undefined> = parseCookie(requestHeaders.get('cookie') ?? '');
  const secure = await secureCookiesFor({ headers: requestHeaders });
  const written = new Map<string, string>();
  return {
    get: (name) => values[name],
    set(name, value, setting) {
      values[name] = value;
      written.set(name, stringifySetCookie({ name, value, ...attributes(setting, secure) }));
    },
    delete(name) {
      delete values[name];
      written.set(name, stringifySetCookie({ name, value: '', ...attributes({ maxAge: 0 }, secure) }));
    },
    setCookies: () => [...written.values()],
  };
}
