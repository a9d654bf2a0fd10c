import 'server-only';
import type { IncomingHttpHeaders } from 'node:http';
import { SEARCH_PER_PAGE } from '@/lib/services/reads';
import { fillSearchShell, searchBodyHtml, searchTitle } from '@/lib/services/search-html';
import { repairedForwardedHeaders } from './request-checks';
import { countSearch, recentSearches, resultsPage, searchRequestOf } from './search-requests';
import { searchShell } from './search-shell';
import { searchInWorker } from './search-workers';
import { doorSecurityHeaders } from './security-headers';
import { requestHeaders } from './viewer-door';

/** Where scripts/front-door.mjs finds the search answer (a global: see viewer-door.ts). */
export const SEARCH_DOOR = Symbol.for('quire.search-door');

export type SearchDoorAnswer = { status: number; headers: Record<string, string>; body: string };

/** The answer to `GET /search?…` (not the client router's), or null when it is Next's to answer. */
export type SearchDoor = (headers: IncomingHttpHeaders, url: string) => Promise<SearchDoorAnswer | null>;

const ANSWER_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
};

/**
 * A query's first asking, answered before Next's routing, proxy and request scope: the same answer
 * as app/search/answer (the cached search shell page with this request's results put in), counted
 * against the same search limit and remembered in the same list of recent searches as proxy.ts
 * does. A query asked again within the last 1,000 searches, a search page without a query, headers
 * the proxy repairs and a missing shell are Next's, as before.
 */
export const answerSearchRequest: SearchDoor = async (raw, url) => {
  // Broken percent-encoding gets proxy.ts's 404.
  if (url.includes('%') && !decodes(url)) return null;
  const address = new URL(url, 'http://quire.invalid');
  if (address.pathname !== '/search') return null;
  const asked = searchRequestOf(address.searchParams);
  if (!asked) return null;
  const headers = requestHeaders(raw);
  if (repairedForwardedHeaders(headers)) return null;
  // Asked before: its cached results page answers, and proxy.ts counts it then.
  if (recentSearches().has(asked.key)) return null;
  const shell = await searchShell();
  if (!shell) return null;
  const counted = await countSearch(headers);
  if (!counted.allowed) {
    return {
      status: 429,
      headers: {
        ...doorSecurityHeaders(),
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        'retry-after': String(counted.retryAfterSeconds),
      },
      body: counted.message,
    };
  }
  // Remembered only once counted, as proxy.ts does: a refused search does not get a page.
  recentSearches().askedBefore(asked.key);
  const body = await searchAnswerHtml(shell, asked.query, asked.page);
  // A shell without its marks: the cached results page answers instead, as app/search/answer says.
  if (body === null) {
    return {
      status: 307,
      headers: { ...doorSecurityHeaders(), location: resultsPage(asked.query, asked.page) },
      body: '',
    };
  }
  return { status: 200, headers: { ...doorSecurityHeaders(), ...ANSWER_HEADERS }, body };
};

/**
 * A query's first asking as a page: the cached search shell with this request's results put in
 * (the query runs on a search worker); null for a shell without its marks.
 */
export async function searchAnswerHtml(shell: string, query: string, page: number): Promise<string | null> {
  const results = await searchInWorker({ query, limit: SEARCH_PER_PAGE, offset: (page - 1) * SEARCH_PER_PAGE });
  return fillSearchShell(shell, {
    title: searchTitle(query),
    body: searchBodyHtml({ query, page, results, perPage: SEARCH_PER_PAGE }),
  });
}

function decodes(url: string): boolean {
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
}

export function openSearchDoor(): void {
  (globalThis as { [SEARCH_DOOR]?: SearchDoor })[SEARCH_DOOR] = answerSearchRequest;
}
