import type { Metadata } from 'next';
import { SearchBody } from '@/components/search-body';
import { pageMetadata } from '@/lib/server/metadata';
import { runSearch, SEARCH_PER_PAGE } from '@/lib/services/reads';
import { parseSearchParams, type SearchParamsInput } from '@/lib/policies/search-params';
import { searchBodyHtml, searchHref, searchTitle } from '@/lib/services/search-html';

// The empty form, and a query asked by the client router (an RSC request, which proxy.ts lets
// through): rendered per request and cached nowhere. A query's first asking as a document is
// answered by app/search/answer (the cached shell filled in, no page render); asked again within the
// last 1,000 searches it is the cached /search/results/<query>/<page> page (proxy.ts decides).
export const dynamic = 'force-dynamic';

type SearchPageProps = { searchParams: Promise<SearchParamsInput> };

export async function generateMetadata({ searchParams }: SearchPageProps): Promise<Metadata> {
  const { q, page } = parseSearchParams(await searchParams);
  return {
    ...pageMetadata({
      title: searchTitle(q),
      description: 'Search every post.',
      path: q ? searchHref(q, page) : '/search',
    }),
    // Result pages are endless and thin: keep them out of search engines' indexes.
    robots: { index: false, follow: true },
  };
}

export default async function SearchPage({ searchParams }: SearchPageProps) {
  const { q, page } = parseSearchParams(await searchParams);
  const results = q ? await runSearch(q, page) : null;
  return <SearchBody html={searchBodyHtml({ query: q, page, results, perPage: SEARCH_PER_PAGE })} />;
}
