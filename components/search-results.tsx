import Link from 'next/link';
import { SEARCH_RANK_WINDOW, SNIPPET_END, SNIPPET_START, type SearchResult } from '@/db/queries/search';
import { plural } from '@/lib/format';
import { ListingLayout } from './listing-layout';
import { PaginationNav } from './pagination-nav';
import { PostDate } from './post-date';
import { SearchForm } from './search-form';

type SearchResultsProps = {
  query: string;
  page: number;
  results: SearchResult | null;
  perPage: number;
};

export const searchHref = (query: string, page = 1) =>
  `/search?${new URLSearchParams({ q: query, ...(page > 1 ? { page: String(page) } : {}) })}`;

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
            <mark>{match}</mark>
            {rest}
          </span>
        );
      })}
    </>
  );
}

/** The search form and, for a query, its ranked results with highlighted snippets. */
export function SearchResults({ query, page, results, perPage }: SearchResultsProps) {
  const pageCount = results ? Math.max(1, Math.ceil(results.total / perPage)) : 1;
  return (
    <ListingLayout heading={query ? `Search results for “${query}”` : 'Search'}>
      <SearchForm id="search-query" defaultValue={query} size="large" />
      {results ? (
        <p className="meta mt-4" role="status">
          {results.capped
            ? `More than ${SEARCH_RANK_WINDOW.toLocaleString('en')} posts match: the best of the newest are shown. Add a word to narrow the search.`
            : `${plural(results.total, 'post')} found.`}
        </p>
      ) : (
        <p className="meta mt-4">Type a word or two to search titles, excerpts and posts.</p>
      )}
      <ol className="mt-2 search-hits">
        {results?.hits.map((hit) => (
          <li key={hit.id} className="border-b border-[var(--color-line)] py-4">
            <h2 className="post-card-title">
              <Link href={`/posts/${hit.slug}`}>{hit.title}</Link>
            </h2>
            <p className="meta">
              <PostDate date={hit.publishedAt} /> · {hit.authorName}
            </p>
            <p className="mt-1 break-words">
              <Highlighted snippet={hit.snippet} />
            </p>
          </li>
        ))}
      </ol>
      {results ? (
        <PaginationNav
          page={page}
          pageCount={pageCount}
          hrefFor={(target) => searchHref(query, target)}
          label="Result pages"
          newer="← Previous results"
          older="More results →"
        />
      ) : null}
    </ListingLayout>
  );
}
