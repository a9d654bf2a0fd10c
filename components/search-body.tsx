'use client';

type SearchBodyProps = { html: string };

/**
 * The search page's body, from lib/search-html.ts. A client component on purpose: a query's first
 * asking is served as the cached shell page with its results put into this element's HTML
 * (app/search/answer/route.ts), while the page's flight data holds only the shell's marker. React
 * does not compare or replace `dangerouslySetInnerHTML` content when it hydrates, so the results in
 * the HTML stay and the header's client components still hydrate around them.
 */
export function SearchBody({ html }: SearchBodyProps) {
  return <div data-search-body="" dangerouslySetInnerHTML={{ __html: html }} suppressHydrationWarning />;
}
