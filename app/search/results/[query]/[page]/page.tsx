import type { Metadata } from 'next';
import { SearchBody } from '@/components/search-body';
import { pageMetadata } from '@/lib/server/metadata';
import { parsePageNumber } from '@/lib/policies/pagination';
import { readSearch, SEARCH_PER_PAGE } from '@/lib/services/reads';
import { searchBodyHtml, searchHref, searchTitle } from '@/lib/services/search-html';

// Reached through proxy.ts's rewrite of `/search?q=…&page=…` when the same query was asked within the
// last 1,000 searches. Results are the same for every visitor, so such a query's page is cached until
// a post list changes (the post-lists tag), like a label page; a query asked once never gets one.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type SearchResultsPageProps = { params: Promise<{ query: string; page: string }> };

/** The query as proxy.ts encoded it: `_` then encodeURIComponent(query). */
function decodeQuery(segment: string): string {
  const encoded = segment.startsWith('_') ? segment.slice(1) : segment;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

async function parse(params: SearchResultsPageProps['params']) {
  const { query, page } = await params;
  return { query: decodeQuery(query).trim().slice(0, 200), page: parsePageNumber(page) ?? 1 };
}

export async function generateMetadata({ params }: SearchResultsPageProps): Promise<Metadata> {
  const { query, page } = await parse(params);
  return {
    ...pageMetadata({ title: searchTitle(query), description: 'Search every post.', path: searchHref(query, page) }),
    // Result pages are endless and thin: keep them out of search engines' indexes.
    robots: { index: false, follow: true },
  };
}

export default async function SearchResultsPage({ params }: SearchResultsPageProps) {
  const { query, page } = await parse(params);
  const results = await readSearch(query, page);
  return <SearchBody html={searchBodyHtml({ query, page, results, perPage: SEARCH_PER_PAGE })} />;
}
