import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb, rawRows } from '../client';
import {
  SEARCH_RANK_WINDOW,
  SNIPPET_END,
  SNIPPET_START,
  indexedForm,
  searchWords,
  type SearchInput,
} from './search-core.mjs';
import type { SearchResult } from './search';

// The search on PostgreSQL, the twin of search-core.mjs (FTS5): the same posts, counted and cut the
// same way, ranked with the same column weights, and the same snippets. The index is
// posts.search_vector, a tsvector the database keeps (db/migrations-pg/0001_search.sql): title
// weight A, excerpt B, body C, folded as FTS5's tokenizer folds (lower case, no accents, no stemming).

/**
 * The tsquery text for what a reader typed: each word of searchWords() as a quoted operand, the last
 * one also a prefix (`:*`), all of them required (`&`). The words are letters and digits only, so
 * nothing typed is ever tsquery syntax; the quotes (and the doubling of `'` and `\`, which words
 * never hold) keep it so even if searchWords changed. A word PostgreSQL's parser cuts in two stays
 * one operand (its parts must then follow each other); a word it keeps no lexeme of (a symbol it
 * does not index) is left out of the query by to_tsquery, as it is out of every post's vector.
 */
export function toTsquery(input: string): string | null {
  const words = searchWords(input);
  return words.length === 0 ? null : tsqueryOf(words);
}

function tsqueryOf(words: string[]): string {
  return words
    .map((word, index) => `'${word.replace(/['\\]/g, '$&$&')}'${index === words.length - 1 ? ':*' : ''}`)
    .join(' & ');
}

type Row = {
  total: number;
  capped: boolean;
  id: number | null;
  slug: string;
  title: string;
  excerpt: string;
  bodyText: string;
  publishedAt: Date;
  authorName: string;
};

/**
 * Ranked search over published posts (kind 'post') on PostgreSQL, in one statement: the newest
 * `window` matches are ranked, `total` counts them and `capped` says whether an older match exists;
 * the page is cut from the ranked ones. The snippets are made here from the page's own texts, as
 * FTS5's snippet() makes them (ftsSnippet).
 */
export async function searchPostgres({
  query,
  limit,
  offset = 0,
  window = SEARCH_RANK_WINDOW,
}: SearchInput): Promise<SearchResult> {
  const words = searchWords(query);
  if (words.length === 0) return { hits: [], total: 0, capped: false };
  // Bound as a parameter, and written out where it is used rather than in a CTE of its own, so that
  // PostgreSQL plans with its value: the GIN index for a rare word, the newest posts first for a word
  // most posts hold.
  const matches = sql`to_tsquery('quire_search', cast(${tsqueryOf(words)} as text))`;
  // ts_rank's weights are {D, C, B, A}: body (C) 1, excerpt (B) 4, title (A) 10, as bm25(10, 4, 1) on
  // SQLite. Normalisation 1 divides by 1 + log(length), as bm25 discounts long posts; higher is better.
  // Ranking reads each ranked post's whole vector (out of line for a long post): ~35 ms for a full
  // window of 1,000 long posts, ~2 ms for a word few posts hold.
  const rows = await rawRows<Row>(
    getDb(),
    sql`with
      newest as (
        select id from posts
         where search_vector @@ ${matches} and status = 'published' and kind = 'post'
         order by id desc
         limit cast(${window} as integer) + 1
      ),
      ranked as (
        select p.id, p.published_at, ts_rank('{0, 0.1, 0.4, 1.0}', p.search_vector, ${matches}, 1) as score
          from (select id from newest order by id desc limit cast(${window} as integer)) w
          join posts p on p.id = w.id
      ),
      page as (
        select id, published_at, score from ranked
         order by score desc, published_at desc, id desc
         limit cast(${limit} as integer) offset cast(${offset} as integer)
      )
    select counts.total, counts.capped, p.id, p.slug, p.title, p.excerpt, p.body_text as "bodyText",
           p.published_at as "publishedAt", coalesce(u.name, u.handle) as "authorName"
      from (select cast(count(*) as integer) as total,
                   (select count(*) from newest) > cast(${window} as integer) as capped
              from ranked) counts
      left join (page join posts p on p.id = page.id join users u on u.id = p.author_id) on true
     order by page.score desc, page.published_at desc, page.id desc`,
  );
  return {
    // The counts come on every row, and on a row of their own (no post) past the last page.
    hits: rows
      .filter((row) => row.id !== null)
      .map((row) => ({
        id: row.id!,
        slug: row.slug,
        title: row.title,
        publishedAt: row.publishedAt,
        authorName: row.authorName,
        snippet: ftsSnippet([row.title, row.excerpt, row.bodyText], words),
      })),
    total: rows[0]?.total ?? 0,
    capped: rows[0]?.capped ?? false,
  };
}

// ---------------------------------------------------------------------------------------------------
// FTS5's snippet(posts_fts, -1, SNIPPET_START, SNIPPET_END, '…', 24), in TypeScript (SQLite 3.53's
// fts5SnippetFunction, fts5SnippetScore, fts5HighlightCb and fts5SentenceFinderCb in ext/fts5/fts5_aux.c),
// so a hit's snippet reads the same on either database. Words are cut as FTS5's unicode61 tokenizer
// cuts them (a run of letters, digits and private-use characters, which combining accents continue)
// and compared as it folds them (indexedForm), the last query word as a prefix.

/** The combining accents unicode61 keeps inside a word (sqlite3Fts5UnicodeIsdiacritic: U+0300–U+0331). */
const accents = Array.from({ length: 50 }, (_, index) => 768 + index)
  .filter((code) => ((code < 800 ? 0x08029fdf : 0x000361f8) >>> ((code - 768) % 32)) & 1)
  .map((code) => `\\u{${code.toString(16)}}`)
  .join('');
const TOKEN = new RegExp(`[\\p{L}\\p{N}\\p{Co}][\\p{L}\\p{N}\\p{Co}${accents}]*`, 'gu');

type Token = { start: number; end: number; form: string };
/** A query word found in a column: which word (FTS5's phrase) at which token. */
type Instance = { phrase: number; position: number };

/** A word as FTS5 compares it (indexedForm), quickly for the usual plain ASCII word. */
const formOf = (word: string) => (/^[\x00-\x7f]*$/.test(word) ? word.toLowerCase() : indexedForm(word));

function tokensOf(text: string): Token[] {
  return Array.from(text.matchAll(TOKEN), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
    form: formOf(match[0]),
  }));
}

/** Where sentences start (fts5SentenceFinderCb): the first token, and a token after '.' or ':' and white space. */
function sentenceStarts(text: string, tokens: Token[]): number[] {
  const starts: number[] = [];
  tokens.forEach((token, position) => {
    if (position === 0) {
      starts.push(0);
      return;
    }
    let index = token.start - 1;
    while (index >= 0 && ' \t\n\r'.includes(text[index]!)) index--;
    if (index >= 0 && index !== token.start - 1 && (text[index] === '.' || text[index] === ':')) starts.push(position);
  });
  return starts;
}

/**
 * fts5SnippetScore over a column's instances (in token order): 1000 for each word first seen in the
 * `size` tokens from `from`, 1 for each repeat; and where to start so that they are centred.
 */
function snippetScore(instances: Instance[], columnSize: number, from: number, size: number) {
  let low = 0;
  let high = instances.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (instances[middle]!.position < from) low = middle + 1;
    else high = middle;
  }
  const seen = new Set<number>();
  let score = 0;
  let first = -1;
  let last = 0;
  for (let index = low; index < instances.length && instances[index]!.position < from + size; index++) {
    const { phrase, position } = instances[index]!;
    score += seen.has(phrase) ? 1 : 1000;
    seen.add(phrase);
    if (first < 0) first = position;
    last = position + 1;
  }
  let start = first - Math.trunc((size - (last - first)) / 2);
  if (start + size > columnSize) start = columnSize - size;
  return { score, start: Math.max(start, 0) };
}

/**
 * The snippet FTS5 makes of a row with these columns for these query words: the best `size` tokens of
 * the best column (most distinct words, then a start at a sentence, then the earlier column), matches
 * between `open` and `close`, `ellipsis` where the column is cut.
 */
export function ftsSnippet(
  columns: string[],
  words: string[],
  { open = SNIPPET_START, close = SNIPPET_END, ellipsis = '…', size = 24 } = {},
): string {
  const forms = words.map(formOf);
  const tokens = columns.map(tokensOf);
  // Each column's instances in token order, then word order (FTS5's xInst order).
  const instances = tokens.map((columnTokens) => {
    const found: Instance[] = [];
    columnTokens.forEach((token, position) =>
      forms.forEach((form, phrase) => {
        if (phrase === forms.length - 1 ? token.form.startsWith(form) : token.form === form) {
          found.push({ phrase, position });
        }
      }),
    );
    return found;
  });

  let bestScore = 0;
  let bestColumn = 0;
  let bestStart = 0;
  tokens.forEach((columnTokens, column) => {
    const columnInstances = instances[column]!;
    if (columnInstances.length === 0) return;
    const columnSize = columnTokens.length;
    const starts = sentenceStarts(columns[column]!, columnTokens);
    let sentence = 0;
    for (const instance of columnInstances) {
      const { score, start } = snippetScore(columnInstances, columnSize, instance.position, size);
      if (score > bestScore) [bestScore, bestColumn, bestStart] = [score, column, start];
      if (starts.length > 0 && columnSize > size) {
        // The last sentence to start at or before the instance (instances come in token order).
        while (sentence < starts.length - 1 && starts[sentence + 1]! <= instance.position) sentence++;
        const from = starts[sentence]!;
        if (from < instance.position) {
          const atSentence = snippetScore(columnInstances, columnSize, from, size).score + (from === 0 ? 120 : 100);
          if (atSentence > bestScore) [bestScore, bestColumn, bestStart] = [atSentence, column, from];
        }
      }
    }
  });

  // fts5HighlightCb over the chosen range: the text between its first and last token, each match wrapped.
  const text = columns[bestColumn]!;
  const chosen = tokens[bestColumn]!;
  const rangeEnd = bestStart + size - 1;
  const marks = [...new Set(instances[bestColumn]!.map((found) => found.position))];
  let mark = marks.findIndex((position) => position >= bestStart);
  if (mark < 0) mark = marks.length;
  let out = bestStart > 0 ? ellipsis : '';
  let offset = 0;
  let opened = false;
  for (let position = bestStart; position <= rangeEnd && position < chosen.length; position++) {
    const token = chosen[position]!;
    const next = marks[mark] ?? -1;
    if (bestStart > 0 && position === bestStart) offset = token.start;
    if (opened && (position <= next || next < 0) && token.start > offset) {
      out += close;
      opened = false;
    }
    if (position === next) {
      if (!opened) {
        out += text.slice(offset, token.start) + open;
        offset = token.start;
        opened = true;
      }
      out += text.slice(offset, token.end);
      offset = token.end;
      mark++;
    }
    if (position === rangeEnd) {
      if (opened) {
        out += close;
        opened = false;
      }
      out += text.slice(offset, token.end);
      offset = token.end;
    }
  }
  if (opened) out += close;
  return out + (rangeEnd >= chosen.length - 1 ? text.slice(offset) : ellipsis);
}
