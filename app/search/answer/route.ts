import { NextResponse, type NextRequest } from 'next/server';
import { SEARCH_PER_PAGE } from '@/lib/services/reads';
import { fillSearchShell, searchBodyHtml, searchTitle } from '@/lib/services/search-html';
import { parseSearchParams } from '@/lib/policies/search-params';
import { searchShell } from '@/lib/server/search-shell';
import { searchInWorker } from '@/lib/server/search-workers';

// A query's first asking (proxy.ts rewrites `/search?q=…` here, after counting it against the search
// limit): the cached shell page with this query's results put in, built per request and cached nowhere.
// A dynamic page measured at most ~220 req/s here, an empty one; this answer skips the page render,
// and the query runs on a search worker (lib/server/search-workers.ts).
export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const { q, page } = parseSearchParams({ q: params.getAll('q'), page: params.getAll('page') });
  if (!q) return NextResponse.redirect(new URL('/search', request.url), 303);
  const [shell, results] = await Promise.all([
    searchShell(),
    searchInWorker({ query: q, limit: SEARCH_PER_PAGE, offset: (page - 1) * SEARCH_PER_PAGE }),
  ]);
  const html = shell
    ? fillSearchShell(shell, {
        title: searchTitle(q),
        body: searchBodyHtml({ query: q, page, results, perPage: SEARCH_PER_PAGE }),
      })
    : null;
  // Without a shell, the cached results page answers instead (and keeps a page for the query).
  if (!html) {
    return NextResponse.redirect(new URL(`/search/results/_${encodeURIComponent(q)}/${page}`, request.url), 307);
  }
  return new NextResponse(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'private, no-cache, no-store, max-age=0, must-revalidate',
    },
  });
}
