import { NextResponse, type NextRequest } from 'next/server';
import { legacyRewritePath } from '@/lib/old-addresses';

// Runs only for the paths in `config.matcher`; ordinary page views never reach this code.

function notFound(message: string) {
  return new NextResponse(message, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

const MAX_QUERY_LENGTH = 200;

// Auth.js names its cookie with a __Secure- prefix on https sites.
const sessionCookies = ['authjs.session-token', '__Secure-authjs.session-token'];

function hasSessionCookie(request: NextRequest): boolean {
  return sessionCookies.some((name) => request.cookies.has(name));
}

export function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;

  // Readers with a session cookie get the post page rendered for them (comment form, sign-out);
  // everyone else never reaches this line and is served the cached page.
  const postPath = /^\/posts\/([^/]+)(?:\/comments\/(.+))?$/.exec(pathname);
  if (postPath && hasSessionCookie(request)) {
    const target = new URL(`/posts/${postPath[1]}/signed-in`, request.url);
    target.search = request.nextUrl.search;
    if (postPath[2]) target.searchParams.set('cpath', postPath[2]);
    return NextResponse.rewrite(target);
  }

  // An imported WordPress site's `/?p=12` links: the catch-all page redirects them to the post.
  if (pathname === '/') {
    const legacy = legacyRewritePath(searchParams);
    return legacy ? NextResponse.rewrite(new URL(legacy, request.url)) : NextResponse.next();
  }

  if (pathname === '/search') {
    // `/search?q=…&page=…` is served by /search/results/<query>/<page>, a path per query, so each
    // query's results are cached like any other public page. The query is encoded here, once, as a
    // single path segment (a rewrite rule in next.config would pass `/` and `%` through raw).
    const query = (searchParams.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH);
    if (!query) return NextResponse.next();
    const page = /^[1-9][0-9]{0,5}$/.test(searchParams.get('page') ?? '') ? searchParams.get('page')! : '1';
    // The leading `_` keeps queries such as `..` from being read as a path step.
    return NextResponse.rewrite(new URL(`/search/results/_${encodeURIComponent(query)}/${page}`, request.url));
  }

  // Broken percent-encoding (`/posts/%E0%A4%A`) would make Next.js answer 500 while it matches
  // dynamic segments (vercel/next.js#92527): answer 404 instead.
  try {
    decodeURIComponent(pathname);
  } catch {
    return notFound('Not found: the address has broken percent-encoding.');
  }
  return NextResponse.next();
}

// Must be literal values: Next reads the matcher at build time without running this file.
export const config = {
  matcher: [
    '/:path(.*%.*)',
    '/search',
    { source: '/', has: [{ type: 'query', key: 'p' }] },
    { source: '/', has: [{ type: 'query', key: 'page_id' }] },
    { source: '/posts/:slug', has: [{ type: 'cookie', key: 'authjs.session-token' }] },
    { source: '/posts/:slug', has: [{ type: 'cookie', key: '__Secure-authjs.session-token' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'cookie', key: 'authjs.session-token' }] },
    { source: '/posts/:slug/comments/:path*', has: [{ type: 'cookie', key: '__Secure-authjs.session-token' }] },
  ],
};
