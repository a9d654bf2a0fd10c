// The search itself, in plain JavaScript so the search workers (db/search-worker.mjs) run the very
// same statements as the server's own connection (db/queries/search.ts); types in search-core.d.mts.

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

/** The words of a query as the search reads them: letters and digits, at most 12 words. */
export function searchWords(input) {
  return (
    input
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 12) ?? []
  );
}

/** A word as the index stores it (tokenize='unicode61 remove_diacritics 2'): lower case, no accents. */
export function indexedForm(word) {
  return word
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
}

const quote = (term) => `"${term.replace(/"/g, '""')}"`;

function prepareStatements(sqlite) {
  // The index's word list, for this connection only (a temp table: no migration, nothing on disk).
  sqlite.exec(`create virtual table if not exists temp.posts_fts_words using fts5vocab(main, posts_fts, row)`);
  return {
    completions: sqlite
      .prepare('select term from temp.posts_fts_words where term >= ? and term < ? order by term limit 2')
      .pluck(),
    // Rowids grow as posts are written, so the newest matches are a walk down the match's rowid list:
    // a row here means more posts match than the window ranks.
    beyond: sqlite
      .prepare('select 1 from posts_fts where posts_fts match ? order by rowid desc limit 1 offset ?')
      .pluck(),
    // bm25() rather than FTS5's `order by rank`: FTS5 ranks every match for that and ignores the limit.
    // The window is the walk down from the newest match (`order by rowid desc limit`): a lower bound on
    // the rowid instead (`rowid >= ?`) made FTS5 seek in every word's list first, ~0.7 ms a search
    // on the bench's 10,000 posts. Each ranked post's status, kind and date come from posts_search_idx,
    // not its row (see db/schema.ts); pages (kind 'page') are never search results.
    ranked: sqlite.prepare(
      `select p.id, p.slug, p.title, p.published_at as publishedAt, coalesce(u.name, u.handle) as authorName,
              page.total
         from (select ranked.id, ranked.score, p.published_at, count(*) over () as total
                 from (select rowid as id, ${BM25} as score from posts_fts
                        where posts_fts match ? order by rowid desc limit ?) ranked
                 join posts p indexed by posts_search_idx on p.id = ranked.id
                where p.status = 'published' and p.kind = 'post'
                order by ranked.score, p.published_at desc
                limit ? offset ?) page
         join posts p on p.id = page.id
         join users u on u.id = p.author_id
        order by page.score, page.published_at desc`,
    ),
    count: sqlite
      .prepare(
        `select count(*) from (select rowid as id from posts_fts where posts_fts match ? order by rowid desc limit ?) ranked
           join posts p on p.id = ranked.id
          where p.status = 'published' and p.kind = 'post'`,
      )
      .pluck(),
    snippet: sqlite
      .prepare(
        `select snippet(posts_fts, -1, ?, ?, '…', 24) from posts_fts where posts_fts match ? and rowid = cast(? as integer)`,
      )
      .pluck(),
  };
}

/**
 * The FTS5 query for these words: every word required, the last one also as the start of a longer
 * word. FTS5's prefix query (`"gard"*`) first merges the position lists of every word it stands for,
 * ~3 ms for a word in every post, before it can skip to the newest matches; when the index has just
 * one word with that start (the usual case for a whole word) that word is asked for instead, which
 * finds and ranks exactly the same posts without the merge.
 */
function matchExpression(statements, words) {
  const last = words.at(-1);
  const prefix = indexedForm(last);
  // U+10FFFF sorts after every character that can follow the prefix in a stored word.
  const completions = statements.completions.all(prefix, `${prefix}\u{10FFFF}`);
  // None (the index may fold a letter differently than indexedForm) or several: FTS5 expands the prefix.
  const lastTerm = completions.length === 1 ? quote(completions[0]) : `${quote(last)}*`;
  return [...words.slice(0, -1).map(quote), lastTerm].join(' ');
}

// Prepared once per connection: compiling these five statements cost more than running some of them.
const searchByConnection = new WeakMap();

/**
 * Ranked search over published posts on this connection: the newest `window` matches (drafts
 * included, then left out) are scored with bm25 and the page is cut from them; snippets are built
 * only for the rows shown. Counting and ranking stay within that window, so a search costs the same
 * on any size of blog. Dates are milliseconds (they cross to and from the workers as numbers).
 */
export function searchOn(sqlite, { query, limit, offset = 0, window = SEARCH_RANK_WINDOW }) {
  const words = searchWords(query);
  if (words.length === 0) return { hits: [], total: 0, capped: false };
  let statements = searchByConnection.get(sqlite);
  if (!statements) {
    statements = prepareStatements(sqlite);
    searchByConnection.set(sqlite, statements);
  }
  const match = matchExpression(statements, words);

  const rows = statements.ranked.all(match, window, limit, offset);
  // A page past the last has no row to carry the total.
  const total = rows[0]?.total ?? (offset > 0 ? statements.count.get(match, window) : 0);

  return {
    hits: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      publishedAt: row.publishedAt,
      authorName: row.authorName,
      snippet: statements.snippet.get(SNIPPET_START, SNIPPET_END, match, row.id) ?? '',
    })),
    total,
    capped: statements.beyond.get(match, window) !== undefined,
  };
}
