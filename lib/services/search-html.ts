import { SEARCH_RANK_WINDOW, SNIPPET_END, SNIPPET_START, type SearchResult } from '@/db/queries/search';
import { formatDate, formatDateTime, plural } from '@/lib/policies/format';

// The search page's body (heading, form, results, page links) as an HTML string, the one markup
// every search answer uses: the cached results pages and the empty form render it through
// <SearchBody>, and a query's first asking is this string put into the cached search shell
// (app/search/answer/route.ts), so a search asked once never goes through a page render.
// Everything from the reader or the posts is escaped here; the classes are the ones the React
// components use (ListingLayout, SearchForm, PaginationNav, PostDate), written out for Tailwind.

/** Where the results go in the shell page's HTML: <SearchBody html={SEARCH_BODY_MARKER} />. */
export const SEARCH_BODY_MARKER = '<!--quire:search-body-->';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

/** Text or an attribute value, safe inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character]!);
}

export const searchHref = (query: string, page = 1) =>
  `/search?${new URLSearchParams({ q: query, ...(page > 1 ? { page: String(page) } : {}) })}`;

/** The page title a search answer has (before the site's name). */
export const searchTitle = (query: string) => (query ? `Search: ${query}` : 'Search');

/** A snippet with its matches in <mark>, everything else as text. */
function highlighted(snippet: string): string {
  return snippet
    .split(SNIPPET_START)
    .map((part, index) => {
      if (index === 0) return `<span>${escapeHtml(part)}</span>`;
      const [match = '', rest = ''] = part.split(SNIPPET_END);
      return `<span><mark>${escapeHtml(match)}</mark>${escapeHtml(rest)}</span>`;
    })
    .join('');
}

function searchForm(query: string): string {
  return (
    '<form action="/search" method="get" role="search" class="flex items-center gap-2 mt-4">' +
    '<label for="search-query" class="sr-only">Search posts</label>' +
    `<input id="search-query" name="q" type="search" maxLength="200" value="${escapeHtml(query)}" ` +
    'class="rounded border border-[var(--color-line)] text-[var(--color-ink)] w-full max-w-md bg-[var(--color-card)] px-3 py-2"/>' +
    '<button type="submit" class="rounded bg-[var(--color-accent)] font-medium text-[var(--color-paper)] px-4 py-2">Search</button>' +
    '</form>'
  );
}

function pageLinks(query: string, page: number, pageCount: number): string {
  if (pageCount <= 1) return '';
  const previous =
    page > 1
      ? `<a href="${escapeHtml(searchHref(query, page - 1))}" rel="prev">← Previous results</a>`
      : '<span></span>';
  const next =
    page < pageCount
      ? `<a href="${escapeHtml(searchHref(query, page + 1))}" rel="next">More results →</a>`
      : '<span></span>';
  return (
    '<nav aria-label="Result pages" class="mt-6 flex items-center justify-between gap-4 text-sm">' +
    `${previous}<span class="text-[var(--color-muted)]">Page ${page} of ${pageCount}</span>${next}</nav>`
  );
}

type SearchBodyInput = {
  query: string;
  page: number;
  /** null: no query yet, the form alone. */
  results: SearchResult | null;
  perPage: number;
};

/** The search page's main column for a query (or the empty form), as HTML. */
export function searchBodyHtml({ query, page, results, perPage }: SearchBodyInput): string {
  const heading = query ? `Search results for “${query}”` : 'Search';
  const status = !results
    ? '<p class="meta mt-4">Type a word or two to search titles, excerpts and posts.</p>'
    : `<p class="meta mt-4" role="status">${
        results.capped
          ? `More than ${SEARCH_RANK_WINDOW.toLocaleString('en')} posts match: the best of the newest are shown. Add a word to narrow the search.`
          : `${plural(results.total, 'post')} found.`
      }</p>`;
  const hits = (results?.hits ?? [])
    .map(
      (hit) =>
        '<li class="border-b border-[var(--color-line)] py-4">' +
        `<h2 class="post-card-title"><a href="${escapeHtml(`/posts/${hit.slug}`)}">${escapeHtml(hit.title)}</a></h2>` +
        `<p class="meta"><time dateTime="${hit.publishedAt.toISOString()}" title="${escapeHtml(formatDateTime(hit.publishedAt))}">` +
        `${escapeHtml(formatDate(hit.publishedAt))}</time> · ${escapeHtml(hit.authorName)}</p>` +
        `<p class="mt-1 break-words">${highlighted(hit.snippet)}</p></li>`,
    )
    .join('');
  const pageCount = results ? Math.max(1, Math.ceil(results.total / perPage)) : 1;
  return (
    '<div class="grid grid-cols-1 gap-10 lg:grid-cols-[minmax(0,1fr)_18rem]"><main class="min-w-0">' +
    `<h1 class="font-serif text-3xl font-bold">${escapeHtml(heading)}</h1>` +
    searchForm(query) +
    status +
    `<ol class="mt-2 search-hits">${hits}</ol>` +
    (results ? pageLinks(query, page, pageCount) : '') +
    '</main></div>'
  );
}

/**
 * The shell page's HTML with a search's body and title in it. The shell's flight data still says
 * "Search" with an empty body: <SearchBody> keeps the server's HTML when it hydrates, and puts back
 * the title (React sets the flight data's one) from the `data-title` given here.
 */
export function fillSearchShell(shell: string, { title, body }: { title: string; body: string }): string | null {
  const marker = `data-search-body="">${SEARCH_BODY_MARKER}</div>`;
  const at = shell.indexOf(marker);
  const titleAt = shell.indexOf('<title>Search');
  const titleEnd = shell.indexOf('</title>', titleAt);
  if (at < 0 || titleAt < 0 || titleEnd < 0 || titleEnd > at) return null;
  // The rest of the shell's title is the site's name, already escaped.
  const fullTitle = `${escapeHtml(title)}${shell.slice(titleAt + '<title>Search'.length, titleEnd)}`;
  return (
    `${shell.slice(0, titleAt)}<title>${fullTitle}${shell.slice(titleEnd, at)}` +
    `data-search-body="" data-title="${fullTitle}">${body}</div>${shell.slice(at + marker.length)}`
  );
}
