import type Database from 'better-sqlite3';

export const SNIPPET_START: string;
export const SNIPPET_END: string;
export const SEARCH_RANK_WINDOW: number;

export function searchWords(input: string): string[];
export function indexedForm(word: string): string;

export type SearchInput = {
  query: string;
  limit: number;
  offset?: number;
  /** How many of the newest matches are ranked (tests set a small one). */
  window?: number;
};

export type StoredSearchHit = {
  id: number;
  slug: string;
  title: string;
  /** Milliseconds since 1970. */
  publishedAt: number;
  authorName: string;
  /** Plain text with matches between SNIPPET_START and SNIPPET_END; escaped when rendered. */
  snippet: string;
};

export type StoredSearchResult = { hits: StoredSearchHit[]; total: number; capped: boolean };

export function searchOn(sqlite: Database.Database, input: SearchInput): StoredSearchResult;
