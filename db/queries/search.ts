import 'server-only';
import type Database from 'better-sqlite3';
import { getDb } from '../client';
import type { PostSummary } from './posts';

export const SNIPPET_START = '\u0002';
export const SNIPPET_END = '\u0003';

/**
 * How many of the newest matching posts a search ranks. Ranking scores every post it ranks (bm25 reads
 * each one's word positions): all 10,000 posts of a large blog took ~10 ms a search, these 1,000 ~1.5 ms.
 * A query matching more posts than this says so and asks for another word.
 */
export const SEARCH_RANK_WINDOW = 1000;

/** Title matches weigh most, then the excerpt, then the body (the FTS table's own `rank` setting, migration 0001). */
const BM25 = 'bm25(posts_fts, 10.0, 4.0, 1.0)';

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

/** The words of a query as the search reads them: letters and digits, at most 12 words. */
export function searchWords(input: string): string[] {
  return (
    input
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 12) ?? []
  );
}

/**
 * Turns what a reader typed into a safe FTS5 query: each word becomes a quoted term, the last
 * one a prefix, all of them required. FTS5 syntax in the input is treated as text, never as syntax.
 */
export function toFtsQuery(input: string): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ');
}

/** A word as the index stores it (tokenize='unicode61 remove_diacritics 2'): lower case, no accents. */
export function indexedForm(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

type Statements = {
  completions: Database.Statement<[string, string], string>;
  window: Database.Statement<[string, number], number>;
  ranked: Database.Statement<[string, number, number, number], RankedRow>;
  count: Database.Statement<[string, number], number>;
  snippet: Database.Statement<[string, string, string, number], string>;
};
type RankedRow = { id: number; slug: string; title: string; publishedAt: number; authorName: string; total: number };

// Prepared once per connection: compiling these five statements cost more than running some of them.
const statementsByConnection = new WeakMap<Database.Database, Statements>();

function statementsFor(sqlite: Database.Database): Statements {
  const existing = statementsByConnection.get(sqlite);
  if (existing) return existing;
  // The index's word list, for this connection only (a temp table: no migration, nothing on disk).
  sqlite.exec(`create virtual table if not exists temp.posts_fts_words using fts5vocab(main, posts_fts, row)`);
  const statements: Statements = {
    completions: sqlite
      .prepare<[string, string], string>(
        'select term from temp.posts_fts_words where term >= ? and term < ? order by term limit 2',
      )
      .pluck(),
    // Rowids grow as posts are written, so the newest matches are a walk down the match's rowid list.
    window: sqlite
      .prepare<[string, number], number>(
        'select rowid from posts_fts where posts_fts match ? order by rowid desc limit 2 offset ?',
      )
      .pluck(),
    // bm25() rather than FTS5's `order by rank`: FTS5 ranks every match for that and ignores the rowid bound.
    ranked: sqlite.prepare(
      `select p.id, p.slug, p.title, p.published_at as publishedAt, coalesce(u.name, u.handle) as authorName,
              page.total
         from (select ranked.id, ranked.score, p.published_at, count(*) over () as total
                 from (select rowid as id, ${BM25} as score from posts_fts
                        where posts_fts match ? and rowid >= ?) ranked
                 join posts p on p.id = ranked.id
                where p.status = 'published'
                order by ranked.score, p.published_at desc
                limit ? offset ?) page
         join posts p on p.id = page.id
         join users u on u.id = p.author_id
        order by page.score, page.published_at desc`,
    ),
    count: sqlite
      .prepare<[string, number], number>(
        `select count(*) from posts_fts join posts p on p.id = posts_fts.rowid
          where posts_fts match ? and posts_fts.rowid >= ? and p.status = 'published'`,
      )
      .pluck(),
    snippet: sqlite
      .prepare<[string, string, string, number], string>(
        `select snippet(posts_fts, -1, ?, ?, '…', 24) from posts_fts where posts_fts match ? and rowid = ?`,
      )
      .pluck(),
  };
  statementsByConnection.set(sqlite, statements);
  return statements;
}

/**
 * The FTS5 query for these words: every word required, the last one also as the start of a longer
 * word. FTS5's prefix query (`"gard"*`) first merges the position lists of every word it stands for,
 * ~3 ms for a word in every post, before it can skip to the newest matches; when the index has just
 * one word with that start (the usual case for a whole word) that word is asked for instead, which
 * finds and ranks exactly the same posts without the merge.
 */
function matchExpression(statements: Statements, words: string[]): string {
  const last = words.at(-1)!;
  const prefix = indexedForm(last);
  // U+10FFFF sorts after every character that can follow the prefix in a stored word.
  const completions = statements.completions.all(prefix, `${prefix}\u{10FFFF}`);
  // None (the index may fold a letter differently than indexedForm) or several: FTS5 expands the prefix.
  const lastTerm = completions.length === 1 ? quote(completions[0]!) : `${quote(last)}*`;
  return [...words.slice(0, -1).map(quote), lastTerm].join(' ');
}

/**
 * Ranked search over published posts: the newest `window` matches (drafts included, then
 * left out) are scored with bm25 and the page is cut from them; snippets are built only for the rows
 * shown. Counting and ranking stay within that window, so a search costs the same on any size of blog.
 */
export function searchPosts({
  query,
  limit,
  offset = 0,
  window = SEARCH_RANK_WINDOW,
}: {
  query: string;
  limit: number;
  offset?: number;
  /** How many of the newest matches are ranked (tests set a small one). */
  window?: number;
}): SearchResult {
  const words = searchWords(query);
  if (words.length === 0) return { hits: [], total: 0, capped: false };
  const statements = statementsFor(getDb().$client);
  const match = matchExpression(statements, words);

  const [oldestRanked, beyond] = statements.window.all(match, window - 1);
  const fromRowid = oldestRanked ?? 0;
  const rows = statements.ranked.all(match, fromRowid, limit, offset);
  // A page past the last has no row to carry the total.
  const total = rows[0]?.total ?? (offset > 0 ? statements.count.get(match, fromRowid)! : 0);

  return {
    hits: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      publishedAt: new Date(row.publishedAt),
      authorName: row.authorName,
      snippet: statements.snippet.get(SNIPPET_START, SNIPPET_END, match, row.id) ?? '',
    })),
    total,
    capped: beyond !== undefined,
  };
}
