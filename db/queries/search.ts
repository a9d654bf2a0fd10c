import 'server-only';
import { getDb } from '../client';
import { onPostgres } from '../dialect';
import type { PostSummary } from './posts';
import {
  SEARCH_RANK_WINDOW,
  SNIPPET_END,
  SNIPPET_START,
  indexedForm,
  searchOn,
  searchWords,
  type SearchInput,
  type StoredSearchResult,
} from './search-core.mjs';
import { searchPostgres } from './search-postgres';

export { SEARCH_RANK_WINDOW, SNIPPET_END, SNIPPET_START, indexedForm, searchWords, type SearchInput };

export type SearchHit = Pick<PostSummary, 'id' | 'slug' | 'title' | 'publishedAt'> & {
  /** Plain text with matches between SNIPPET_START and SNIPPET_END; escaped when rendered. */
  snippet: string;
  authorName: string;
};

export type SearchResult = {
  hits: SearchHit[];
  /** Published posts found (among the newest SEARCH_RANK_WINDOW matches when `capped`). */
  total: number;
  /** More posts match than SEARCH_RANK_WINDOW: only the newest of them were ranked. */
  capped: boolean;
};

/**
 * Turns what a reader typed into a safe FTS5 query: each word becomes a quoted term, the last
 * one a prefix, all of them required. FTS5 syntax in the input is treated as text, never as syntax.
 */
export function toFtsQuery(input: string): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ');
}

/** A search result as it comes from the database or a search worker, with its dates as Dates. */
export function withDates(result: StoredSearchResult): SearchResult {
  return { ...result, hits: result.hits.map((hit) => ({ ...hit, publishedAt: new Date(hit.publishedAt) })) };
}

/**
 * Ranked search over published posts, on the server's connection: the newest `window` matches are
 * scored and the page is cut from them; snippets are built only for the rows shown. On SQLite the
 * statements are in search-core.mjs (FTS5, bm25), shared with the search workers; on PostgreSQL in
 * search-postgres.ts (the posts' tsvector, ts_rank with the same column weights).
 */
export async function searchPosts(input: SearchInput): Promise<SearchResult> {
  if (onPostgres) return searchPostgres(input);
  return withDates(searchOn(getDb().$client, input));
}
