// Imported by next.config.ts (outside the app bundle) and by proxy.ts: plain functions of their
// arguments and the environment, no `server-only`, no `@/` imports.

export type PolicyOptions = {
  /** The site is served over https (SITE_URL): browsers are told to stay on https. */
  https: boolean;
  /** `next dev`: React's development build evaluates code to rebuild server stack traces. */
  development?: boolean;
  /** Origins a form may be sent on to besides this site (the sign-in page's OAuth providers). */
  formActionOrigins?: string[];
};

/**
 * The Content-Security-Policy for every response.
 *
 * Scripts and styles allow 'unsafe-inline': Next.js streams each page's data in inline
 * `<script>self.__next_f.push(…)</script>` tags and Tiptap injects a `<style>` element. The only
 * ways around that are a nonce (new on every request, which would render every cached page per
 * request) or hashes (different for every page and every write). What stays closed is what an
 * injected script would need next: no scripts, frames, plugins or connections from other sites,
 * no `<base>` rewriting, no forms sent elsewhere, and no framing of Quire by other sites.
 * Post and comment HTML is sanitised before it is stored, so inline script is not the way in.
 */
export function contentSecurityPolicy({ https, development = false, formActionOrigins = [] }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    // Avatars from sign-in providers and images in imported posts live on other https sites;
    // data: covers small images written into CSS (an image cannot run script).
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ['form-action', "'self'", ...formActionOrigins].join(' '),
    "frame-ancestors 'none'",
  ];
  // http: images (an old avatar address) are fetched over https instead of being blocked as mixed content.
  if (https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/**
 * The origins the sign-in page's "Sign in with …" forms end up on. Without JavaScript the form is a
 * real form post answered with a redirect to the provider, and Chrome checks `form-action` on every
 * redirect of a form submission: each configured provider must be listed. The same settings as
 * lib/server/auth.ts switch a provider on.
 */
export function signInProviderOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const origins: string[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) origins.push('https://github.com');
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) origins.push('https://accounts.google.com');
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    // An unreadable issuer fails at sign-in with its own message; the policy just leaves it out.
    const origin = httpOrigin(env.OIDC_ISSUER);
    if (origin) origins.push(origin);
  }
  return origins;
}

function httpOrigin(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

export type Header = { key: string; value: string };

/**
 * The headers next.config.ts adds to every response. They are fixed at build time (Next.js writes
 * them into the build), so they depend only on SITE_URL, which `npm start` rebuilds for.
 */
export function securityHeaders({ https, development = false }: PolicyOptions): Header[] {
  const headers: Header[] = [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy({ https, development }) },
    // For browsers that predate frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
  // Only over https: on a plain-http site (a laptop, a test server) the header would be ignored at
  // best, and on a later https setup of the same name it must come from the https responses.
  if (https) headers.push({ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' });
  return headers;
}

let doorHeaders: Record<string, string> | undefined;

/**
 * securityHeaders as one object, for the answers Quire's server sends before Next (the viewer and
 * comment doors, lib/server/*-door.ts), which next.config.ts's `headers()` never sees. Made once:
 * SITE_URL does not change while the server runs.
 */
export function doorSecurityHeaders(): Record<string, string> {
  doorHeaders ??= Object.fromEntries(
    securityHeaders({ https: (process.env.SITE_URL ?? '').startsWith('https://') }).map(({ key, value }) => [
      key,
      value,
    ]),
  );
  return doorHeaders;
}
