import type { Metadata } from 'next';
import { z } from 'zod';
import { SearchResults, searchHref } from '@/components/search-results';
import { pageMetadata } from '@/lib/metadata';
import { parsePageNumber } from '@/lib/pagination';
import { MAX_SEARCH_LENGTH, runSearch, SEARCH_PER_PAGE } from '@/lib/reads';

// A query's first asking is rendered here, per request and cached nowhere: most queries are asked
// once, and a cached page for each would fill the page cache with them. proxy.ts sends a query asked
// again to /search/results/<query>/<page>, a cached page, and counts every search against the limit.
export const dynamic = 'force-dynamic';

type SearchPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);

// The first `q` and `page`, as proxy.ts reads them; a junk page number is page 1.
const searchParamsSchema = z.object({
  q: z.preprocess(firstValue, z.string().optional()).transform((q) => (q ?? '').trim().slice(0, MAX_SEARCH_LENGTH)),
  page: z.preprocess(firstValue, z.string().optional()).transform((page) => parsePageNumber(page) ?? 1),
});

async function parse(searchParams: SearchPageProps['searchParams']) {
  return searchParamsSchema.parse(await searchParams);
}

export async function generateMetadata({ searchParams }: SearchPageProps): Promise<Metadata> {
  const { q, page } = await parse(searchParams);
  return {
    ...pageMetadata({
      title: q ? `Search: ${q}` : 'Search',
      description: 'Search every post.',
      path: q ? searchHref(q, page) : '/search',
    }),
    // Result pages are endless and thin: keep them out of search engines' indexes.
    robots: { index: false, follow: true },
  };
}

export default async function SearchPage({ searchParams }: SearchPageProps) {
  const { q, page } = await parse(searchParams);
  if (!q) return <SearchResults query="" page={1} results={null} perPage={1} />;
  const results = runSearch(q, page);
  return <SearchResults query={q} page={page} results={results} perPage={SEARCH_PER_PAGE} />;
}
