import { NextResponse, type NextRequest } from 'next/server';
import { parseSearchParams } from '@/lib/policies/search-params';
import { searchAnswerHtml } from '@/lib/server/search-door';
import { resultsPage } from '@/lib/server/search-requests';
import { searchShell } from '@/lib/server/search-shell';

// A query's first asking, when Quire's server has not answered it before Next (lib/server/search-door.ts,
// the same answer; under `next dev`, or a request for this address itself): proxy.ts rewrites
// `/search?q=…` here after counting it against the search limit. The cached shell page with this
// query's results put in, built per request and cached nowhere.
export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const { q, page } = parseSearchParams({ q: params.getAll('q'), page: params.getAll('page') });
  if (!q) return NextResponse.redirect(new URL('/search', request.url), 303);
  const shell = await searchShell();
  const html = shell ? await searchAnswerHtml(shell, q, page) : null;
  // Without a shell, the cached results page answers instead (and keeps a page for the query).
  if (!html) return NextResponse.redirect(new URL(resultsPage(q, page), request.url), 307);
  return new NextResponse(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'private, no-cache, no-store, max-age=0, must-revalidate',
    },
  });
}
