import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { ListingLayout } from '@/components/listing-layout';
import { PaginationNav } from '@/components/pagination-nav';
import { PostDate } from '@/components/post-date';
import { SNIPPET_END, SNIPPET_START } from '@/db/queries/search';
import { plural } from '@/lib/format';
import { pageMetadata } from '@/lib/metadata';
import { parsePageNumber } from '@/lib/pagination';
import { readSearch, SEARCH_PER_PAGE } from '@/lib/reads';

type SearchPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const searchInput = z.object({
  q: z
    .string()
    .transform((value) => value.trim().slice(0, 200))
    .catch(''),
  page: z.string().optional().catch(undefined),
});

async function parse(searchParams: SearchPageProps['searchParams']) {
  const raw = await searchParams;
  const input = searchInput.parse({ q: raw.q ?? '', page: raw.page });
  return { query: input.q, page: parsePageNumber(input.page) ?? 1 };
}

export async function generateMetadata({ searchParams }: SearchPageProps): Promise<Metadata> {
  const { query } = await parse(searchParams);
  return {
    ...pageMetadata({
      title: query ? `Search: ${query}` : 'Search',
      description: 'Search every post.',
      path: '/search',
    }),
    // Result pages are endless and thin: keep them out of search engines' indexes.
    robots: { index: false, follow: true },
  };
}

/** Splits a snippet at the match markers so matches are <mark>ed and everything else stays text. */
function Highlighted({ snippet }: { snippet: string }) {
  const parts = snippet.split(SNIPPET_START);
  return (
    <>
      {parts.map((part, index) => {
        if (index === 0) return <span key={index}>{part}</span>;
        const [match = '', rest = ''] = part.split(SNIPPET_END);
        return (
          <span key={index}>
            <mark className="rounded bg-[var(--color-accent-soft)] px-0.5 text-[var(--color-ink)]">{match}</mark>
            {rest}
          </span>
        );
      })}
    </>
  );
}

export default async function SearchPage({ searchParams }: SearchPageProps) {
  const { query, page } = await parse(searchParams);
  const results = query ? await readSearch(query, page) : { hits: [], total: 0 };
  const pageCount = Math.max(1, Math.ceil(results.total / SEARCH_PER_PAGE));
  return (
    <ListingLayout heading={query ? `Search results for “${query}”` : 'Search'}>
      <form action="/search" method="get" role="search" className="mt-4 flex gap-2">
        <label htmlFor="search-query" className="sr-only">
          Search posts
        </label>
        <input
          id="search-query"
          name="q"
          type="search"
          defaultValue={query}
          className="w-full max-w-md rounded border border-[var(--color-line)] bg-[var(--color-card)] px-3 py-2"
        />
        <button
          type="submit"
          className="rounded bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-paper)]"
        >
          Search
        </button>
      </form>
      {query ? (
        <p className="mt-4 text-[var(--color-muted)]" role="status">
          {plural(results.total, 'post')} found.
        </p>
      ) : (
        <p className="mt-4 text-[var(--color-muted)]">Type a word or two to search titles, excerpts and posts.</p>
      )}
      <ol className="mt-2">
        {results.hits.map((hit) => (
          <li key={hit.id} className="border-b border-[var(--color-line)] py-4">
            <h2 className="font-serif text-xl font-bold">
              <Link href={`/posts/${hit.slug}`}>{hit.title}</Link>
            </h2>
            <p className="text-sm text-[var(--color-muted)]">
              <PostDate date={hit.publishedAt} /> · {hit.authorName}
            </p>
            <p className="mt-1 break-words">
              <Highlighted snippet={hit.snippet} />
            </p>
          </li>
        ))}
      </ol>
      <PaginationNav
        page={page}
        pageCount={pageCount}
        hrefFor={(target) =>
          `/search?${new URLSearchParams({ q: query, ...(target > 1 ? { page: String(target) } : {}) })}`
        }
        label="Result pages"
      />
    </ListingLayout>
  );
}
