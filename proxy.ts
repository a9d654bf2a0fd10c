import { NextResponse, type NextRequest } from 'next/server';
import { legacyRewritePath } from '@/lib/server/old-addresses';
import {
  checkPagePost,
  isReadableReturnAddress,
  repairedForwardedHeaders,
  unreadableReturnCookies,
  withoutCookies,
} from '@/lib/server/request-checks';
import {
  countSearch,
  hitSearchLimit,
  recentSearches,
  resultsPage,
  searchRequestOf,
  type SearchLimiter,
} from '@/lib/server/search-requests';
import { contentSecurityPolicy, signInProviderOrigins } from '@/lib/server/security-headers';
import { perViewerParams } from '@/lib/policies/viewer-state';

// Runs only for the paths in `config.matcher`; ordinary page views never reach this code.

function textResponse(status: number, message: string) {
  return new NextResponse(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

// The sign-in page's forms go on to the sign-in providers configured now, not at build time.
const signInPolicy = contentSecurityPolicy({
  https: (process.env.SITE_URL ?? '').startsWith('https://'),
  development: process.env.NODE_ENV === 'development',
  formActionOrigins: signInProviderOrigins(),
});

// Auth.js's cookie for where to go after signing in (with the __Secure- prefix on https sites).
const returnAddressCookies = ['authjs.callback-url', '__Secure-authjs.callback-url'];

/**
 * Counts a search against the address it came from and answers 429 past the limit
 * (lib/server/search-requests.ts).
 */
export async function searchLimitRefusal(
  request: NextRequest,
  limitSearch: SearchLimiter = hitSearchLimit,
  now = new Date(),
): Promise<NextResponse | null> {
  const counted = await countSearch(request.headers, limitSearch, now);
  if (counted.allowed) return null;
  const response = textResponse(429, counted.message);
  response.headers.set('Retry-After', String(counted.retryAfterSeconds));
  // A cache in front must not hand this refusal to readers from other addresses.
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

export async function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const repairedHeaders = repairedForwardedHeaders(request.headers);
  const forward = repairedHeaders ? { request: { headers: repairedHeaders } } : undefined;

  // Broken percent-encoding (`/posts/%E0%A4%A`) would make Next.js answer 500 while it matches
  // dynamic segments (vercel/next.js#92527): answer 404 instead.
  try {
    decodeURIComponent(pathname);
  } catch {
    return textResponse(404, 'Not found: the address has broken percent-encoding.');
  }

  // Route handlers under /api/ read their own bodies; pages get only server action posts.
  if (!pathname.startsWith('/api/') && !pathname.startsWith('/_next/')) {
    const refusal = await checkPagePost(request);
    if (refusal) return refusal;
  }

  if (pathname.startsWith('/api/auth/')) {
    // Auth.js reads the last of repeated parameters; every one must be readable (or empty).
    if (searchParams.getAll('callbackUrl').some((value) => value !== '' && !isReadableReturnAddress(value))) {
      return textResponse(400, 'The address to return to after signing in is not valid.');
    }
    // A broken cookie would fail every sign-in until the browser closes: Auth.js gets a fresh start.
    const broken = unreadableReturnCookies(request.headers.get('cookie') ?? '', returnAddressCookies);
    if (broken.length === 0) return NextResponse.next(forward);
    const headers = new Headers(repairedHeaders ?? request.headers);
    headers.set('cookie', withoutCookies(headers.get('cookie') ?? '', broken));
    return NextResponse.next({ request: { headers } });
  }

  // A post page that opens a form (`?reply=12`…) or carries an action's sentence is rendered for its
  // viewer; every other post page view is the cached page, the same for everyone (and never comes
  // here: see the matcher).
  const postPath = /^\/posts\/([^/]+)(?:\/comments\/(.+))?$/.exec(pathname);
  if (postPath && perViewerParams.some((name) => searchParams.has(name))) {
    const target = new URL(`/posts/${postPath[1]}/per-request`, request.url);
    target.search = request.nextUrl.search;
    if (postPath[2]) target.searchParams.set('cpath', postPath[2]);
    return NextResponse.rewrite(target, forward);
  }

  // An imported WordPress site's `/?p=12` links: the catch-all page redirects them to the post.
  if (pathname === '/') {
    const legacy = legacyRewritePath(searchParams);
    return legacy ? NextResponse.rewrite(new URL(legacy, request.url), forward) : NextResponse.next(forward);
  }

  if (pathname === '/search') {
    const asked = searchRequestOf(searchParams);
    if (!asked) return NextResponse.next(forward);
    const refusal = await searchLimitRefusal(request);
    if (refusal) return refusal;
    // Asked for the first time (as most queries are), /search/answer puts the results for this request
    // alone into the cached search shell page: no page render, nothing cached. The client router's own
    // requests (RSC) want flight data, not HTML: the /search page renders those. Asked again within the
    // last 1,000 searches, the query is served by /search/results/<query>/<page>, a page cached until
    // a post list changes. The query is encoded here, once, as a single path segment (a rewrite rule in
    // next.config would pass `/` and `%` through raw); the leading `_` keeps queries such as `..` from
    // being read as a path step.
    if (!recentSearches().askedBefore(asked.key)) {
      if (request.headers.has('rsc')) return NextResponse.next(forward);
      const answer = new URL('/search/answer', request.url);
      answer.search = request.nextUrl.search;
      return NextResponse.rewrite(answer, forward);
    }
    return NextResponse.rewrite(new URL(resultsPage(asked.query, asked.page), request.url), forward);
  }

  // The results pages and answers reply to direct requests too: they count as searches, or the limit
  // is a detour away.
  if (pathname.startsWith('/search/results/') || pathname === '/search/answer') {
    return (await searchLimitRefusal(request)) ?? NextResponse.next(forward);
  }

  if (pathname === '/signin') {
    // Replaces the Content-Security-Policy next.config.ts gives every page.
    const response = NextResponse.next(forward);
    response.headers.set('Content-Security-Policy', signInPolicy);
    return response;
  }
  return NextResponse.next(forward);
}

// Must be literal values: Next reads the matcher at build time without running this file.
export const config = {
  matcher: [
    '/:path(.*%.*)',
    '/search',
    '/search/results/:path*',
    '/search/answer',
    // The sign-in document's own policy; the client router's prefetches (RSC requests) need none.
    { source: '/signin', missing: [{ type: 'header', key: 'rsc' }] },
    // Auth.js answers 500 to an unreadable return address (see lib/server/request-checks.ts).
    { source: '/api/auth/:path*', has: [{ type: 'query', key: 'callbackUrl' }] },
    { source: '/api/auth/:path*', has: [{ type: 'cookie', key: 'authjs.callback-url' }] },
    { source: '/api/auth/:path*', has: [{ type: 'cookie', key: '__Secure-authjs.callback-url' }] },
    // X-Forwarded-Proto / -Host that `new URL()` rejects (the patterns in lib/server/request-checks.ts,
    // negated); the values proxies send never match, so ordinary requests stay out.
    { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: '(?![A-Za-z][A-Za-z0-9+.-]*$).*' }] },
    {
      source: '/:path*',
      has: [
        {
          type: 'header',
          key: 'x-forwarded-host',
          value: '(?!(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$).*',
        },
      ],
    },
    // Requests with a body (or a server action call) to anything but a route handler. Page views
    // carry neither header, so they never come here.
    { source: '/((?!api/|_next/).*)', has: [{ type: 'header', key: 'next-action' }] },
    { source: '/((?!api/|_next/).*)', has: [{ type: 'header', key: 'content-type' }] },
    { source: '/', has: [{ type: 'query', key: 'p' }] },
    { source: '/', has: [{ type: 'query', key: 'page_id' }] },
    // The per-request post pages: lib/policies/viewer-state.ts perViewerParams, on a post and its comment pages.
    { source: '/posts/:slug', has: [{ type: 'query', key: 'reply' }] },
    { source: '/posts/:slug', has: [{ type: 'query', key: 'edit' }] },
    { source: '/posts/:slug', has: [{ type: 'query', key: 'report' }] },
    { source: '/posts/:slug', has: [{ type: 'query', key: 'remove' }] },
    { source: '/posts/:slug', has: [{ type: 'query', key: 'notice' }] },
    { source: '/posts/:slug', has: [{ type: 'query', key: 'problem' }] },
    { source: '/posts/:slug', has: [{ type: 'query', key: 'comment' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'query', key: 'reply' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'query', key: 'edit' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'query', key: 'report' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'query', key: 'remove' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'query', key: 'notice' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'query', key: 'problem' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'query', key: 'comment' }] },
  ],
};
