import 'server-only';
import { getDb } from '../client';
import type { PostSummary } from './posts';

export const SNIPPET_START = '\u0002';
export const SNIPPET_END = '\u0003';

export type SearchHit = Pick<PostSummary, 'id' | 'slug' | 'title' | 'publishedAt'> & {
  /** Plain text with matches between SNIPPET_START and SNIPPET_END; escaped when rendered. */
  snippet: string;
  authorName: string;
};

/**
 * Turns what a reader typed into a safe FTS5 query: each word becomes a quoted term, the last
 * one a prefix, all of them required. FTS5 syntax in the input is treated as text, never as syntax.
 */
export function toFtsQuery(input: string): string | null {
  const words =
    input
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 12) ?? [];
  if (words.length === 0) return null;
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ');
}

export function searchPosts({ query, limit, offset = 0 }: { query: string; limit: number; offset?: number }): {
  hits: SearchHit[];
  total: number;
} {
  const match = toFtsQuery(query);
  if (!match) return { hits: [], total: 0 };
  const sqlite = getDb().$client;
  // bm25 weights: a hit in the title counts most, then the excerpt, then the body.
  const rows = sqlite
    .prepare(
      `select p.id, p.slug, p.title, p.published_at as publishedAt, coalesce(u.name, u.handle) as authorName,
              snippet(posts_fts, -1, ?, ?, '…', 24) as snippet
         from posts_fts
         join posts p on p.id = posts_fts.rowid
         join users u on u.id = p.author_id
        where posts_fts match ? and p.status = 'published'
        order by bm25(posts_fts, 10.0, 4.0, 1.0), p.published_at desc
        limit ? offset ?`,
    )
    .all(SNIPPET_START, SNIPPET_END, match, limit, offset) as (Omit<SearchHit, 'publishedAt'> & {
    publishedAt: number;
  })[];
  const total = (
    sqlite
      .prepare(
        `select count(*) as total from posts_fts join posts p on p.id = posts_fts.rowid
          where posts_fts match ? and p.status = 'published'`,
      )
      .get(match) as { total: number }
  ).total;
  return { hits: rows.map((row) => ({ ...row, publishedAt: new Date(row.publishedAt) })), total };
}
