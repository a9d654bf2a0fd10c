import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/lib/services/demo/seed';
import { searchesAnsweredByWorkers, searchInWorker } from '@/lib/server/search-workers';
import { rawRows, type QuireDatabase } from '../client';
import { onPostgres } from '../dialect';
import { posts } from '../tables';
import { useTestDatabase } from '../test-database';
import { createPost } from '@/lib/services/posts';
import { indexedForm, searchPosts, searchWords, SNIPPET_END, SNIPPET_START, toFtsQuery } from './search';
import { ftsSnippet, toTsquery } from './search-postgres';
import { getAuthorByHandle } from './users';

let db: QuireDatabase;
let authorId: string;

beforeAll(async () => {
  db = await useTestDatabase();
  expect((await seedDemo(new Date('2026-11-26T12:00:00Z'))).seeded).toBe(true);
  authorId = (await getAuthorByHandle({ handle: 'ada-marsh' }))!.id;
}, 30_000);

function publish(title: string, markdown: string, excerpt?: string) {
  return createPost({ title, markdown, excerpt, authorId, status: 'published' });
}

const slugsOf = (result: { hits: { slug: string }[] }) => result.hits.map((hit) => hit.slug);
const show = (snippet: string) => snippet.replaceAll(SNIPPET_START, '[').replaceAll(SNIPPET_END, ']');

/**
 * The index's own ranking of every match, published posts only (no pages): FTS5's `rank` (the table's
 * bm25 setting) on SQLite; ts_rank with the weights the search uses on PostgreSQL, which has no
 * ranking of its own to compare with.
 */
async function rankedByIndex(query: string): Promise<string[]> {
  const rows = onPostgres
    ? await rawRows<{ slug: string }>(
        db,
        sql`select slug from posts, to_tsquery('quire_search', cast(${toTsquery(query)} as text)) q
             where search_vector @@ q and status = 'published' and kind = 'post'
             order by ts_rank('{0, 0.1, 0.4, 1.0}', search_vector, q, 1) desc, published_at desc, id desc`,
      )
    : await rawRows<{ slug: string }>(
        db,
        sql`select p.slug from posts_fts join posts p on p.id = posts_fts.rowid
             where posts_fts match ${toFtsQuery(query)} and p.status = 'published' and p.kind = 'post'
             order by rank, p.published_at desc`,
      );
  return rows.map((row) => row.slug);
}

describe('search', () => {
  it('ranks as the index ranks every match when every match fits in the window', async () => {
    for (const query of ['garden', 'the kitchen', 'writ']) {
      const expected = await rankedByIndex(query);
      expect(expected.length, query).toBeGreaterThan(0);
      const found = await searchPosts({ query, limit: 50 });
      expect(slugsOf(found), query).toEqual(expected);
      expect(found.total).toBe(expected.length);
      expect(found.capped).toBe(false);
    }
  });

  it('ranks the demo blog’s posts in the same order on either database', async () => {
    // bm25 (SQLite) and ts_rank (PostgreSQL) differ, but not on these.
    expect(slugsOf(await searchPosts({ query: 'garden', limit: 10 }))).toEqual([
      'notes-on-a-small-kitchen-garden',
      'hello-world',
      'reading-list-for-the-winter',
    ]);
    expect(slugsOf(await searchPosts({ query: 'the kitchen', limit: 10 }))).toEqual([
      'notes-on-a-small-kitchen-garden',
      'taking-photographs-for-a-blog',
    ]);
  });

  it('weighs a word in the title above one in the excerpt, and that above one in the body', async () => {
    const filler = 'Notes kept over a long season of planting and waiting for rain';
    const inBody = await publish('Third post', `${filler}, zanthoxylum.`, `${filler}.`);
    const inExcerpt = await publish('Second post', `${filler}.`, `${filler}, zanthoxylum.`);
    const inTitle = await publish('Zanthoxylum post', `${filler}.`, `${filler}.`);
    const found = await searchPosts({ query: 'zanthoxylum', limit: 10 });
    expect(found.hits.map((hit) => hit.id)).toEqual([inTitle.id, inExcerpt.id, inBody.id]);
    for (const post of [inBody, inExcerpt, inTitle]) await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('ranks only the newest matches past the window, and says more posts match', async () => {
    const made = [];
    for (let index = 0; index < 5; index++) made.push(await publish(`Quokka notes ${index}`, 'About a quokka.'));
    const full = await searchPosts({ query: 'quokka', limit: 10 });
    expect(full).toMatchObject({ total: 5, capped: false });

    const windowed = await searchPosts({ query: 'quokka', limit: 10, window: 3 });
    expect(windowed.capped).toBe(true);
    expect(windowed.total).toBe(3);
    expect(windowed.hits.map((hit) => hit.id).sort()).toEqual(
      made
        .slice(2)
        .map((post) => post.id)
        .sort(),
    );
    // Exactly as many matches as the window holds is not "more".
    expect((await searchPosts({ query: 'quokka', limit: 10, window: 5 })).capped).toBe(false);
    for (const post of made) await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('leaves drafts and trashed posts out of the hits and the count', async () => {
    const shown = await publish('Wombat burrows', 'A wombat digs.');
    const draft = await createPost({ title: 'Wombat wombat wombat', markdown: 'wombat wombat', authorId });
    const trashed = await publish('Wombat in the bin', 'A wombat, trashed.');
    await db.update(posts).set({ status: 'trashed' }).where(eq(posts.id, trashed.id));
    expect(await searchPosts({ query: 'wombat', limit: 10 })).toMatchObject({
      total: 1,
      hits: [expect.objectContaining({ slug: shown.slug })],
    });
    for (const post of [shown, draft, trashed]) await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('gives the total on a page past the last one', async () => {
    const all = await searchPosts({ query: 'garden', limit: 50 });
    expect(all.total).toBeGreaterThan(0);
    expect(await searchPosts({ query: 'garden', limit: 10, offset: 500 })).toEqual({
      hits: [],
      total: all.total,
      capped: false,
    });
  });

  it('pages through the ranked hits, with dates and authors', async () => {
    const all = await searchPosts({ query: 'the', limit: 50 });
    const second = await searchPosts({ query: 'the', limit: 3, offset: 3 });
    expect(second).toEqual({ hits: all.hits.slice(3, 6), total: all.total, capped: false });
    expect(all.hits[0]!.publishedAt).toBeInstanceOf(Date);
    expect(all.hits.every((hit) => hit.authorName.length > 0)).toBe(true);
  });

  it('finds a post by the start of its last word, and marks the whole word', async () => {
    const post = await publish('Heliotrope season', 'Sun on the heliotrope.');
    const [hit] = (await searchPosts({ query: 'heliotr', limit: 10 })).hits;
    expect(hit!.slug).toBe(post.slug);
    expect(hit!.snippet).toContain(`${SNIPPET_START}Heliotrope${SNIPPET_END}`);
    await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('gives each hit the snippet of its own text', async () => {
    const first = await publish('Quillwort by the pond', 'The quillwort grows under the alder.');
    const second = await publish('Quillwort in winter', 'Frost lies on the quillwort beds.');
    const hits = (await searchPosts({ query: 'quillwort', limit: 10 })).hits;
    expect(hits.map((hit) => hit.slug).sort()).toEqual([first.slug, second.slug].sort());
    for (const hit of hits) {
      // From its title or its body, never the other post's.
      expect(hit.snippet).toMatch(hit.slug === first.slug ? /pond|alder/ : /winter|Frost/);
    }
    for (const post of [first, second]) await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('quotes about 24 words of a long body around the words found, with … where it is cut', async () => {
    const before = Array.from({ length: 40 }, (_, index) => `lead${index}`).join(' ');
    const after = Array.from({ length: 40 }, (_, index) => `tail${index}`).join(' ');
    const post = await publish('A long one', `${before}. The marmoset sleeps here. ${after}.`);
    const [hit] = (await searchPosts({ query: 'marmoset', limit: 10 })).hits;
    expect(show(hit!.snippet)).toBe(
      '…The [marmoset] sleeps here. tail0 tail1 tail2 tail3 tail4 tail5 tail6 tail7 tail8 tail9 tail10 tail11 tail12 tail13 tail14 tail15 tail16 tail17 tail18 tail19…',
    );
    await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('finds every completion of a last word that has several', async () => {
    const words = Array.from({ length: 20 }, (_, index) => `zyx${String.fromCharCode(97 + index)}word`);
    const first = await publish('Many words', words.slice(0, 10).join(' '));
    const second = await publish('More words', words.slice(10).join(' '));
    expect(slugsOf(await searchPosts({ query: 'zyx', limit: 10 })).sort()).toEqual([first.slug, second.slug].sort());
    expect(slugsOf(await searchPosts({ query: 'more zyxt', limit: 10 }))).toEqual([second.slug]);
    for (const post of [first, second]) await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('finds accented words typed with or without their accents', async () => {
    const post = await publish('Crème brûlée', 'A crème brûlée at the café.');
    for (const query of ['creme brulee', 'Crème Brûl', 'CAFÉ', 'cafe']) {
      expect(slugsOf(await searchPosts({ query, limit: 10 })), query).toContain(post.slug);
    }
    await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('finds words of other scripts, in any case, by their start', async () => {
    const post = await publish('Тихий сад', 'Заметки о саде. 日本語のテキスト.');
    for (const query of ['тихий', 'ТИХ', 'сад', 'Заметки са', '日本語']) {
      expect(slugsOf(await searchPosts({ query, limit: 10 })), query).toEqual([post.slug]);
    }
    await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('requires every word', async () => {
    expect((await searchPosts({ query: 'garden kitchen', limit: 10 })).total).toBe(1);
    expect((await searchPosts({ query: 'garden zzzzyzzy', limit: 10 })).total).toBe(0);
  });

  it('reads query syntax and punctuation as the words around them', async () => {
    const same = async (query: string, words: string) =>
      expect(await searchPosts({ query, limit: 50 }), query).toEqual(await searchPosts({ query: words, limit: 50 }));
    await same('garden | kitchen', 'garden kitchen');
    await same('!garden', 'garden');
    await same('garden & !kitchen', 'garden kitchen');
    await same('kitchen <-> garden', 'kitchen garden');
    await same('gard:*', 'gard');
    await same('garden:A', 'garden a');
    await same("it's", 'it s');
    await same('a:b', 'a b');
    for (const query of ['!&|', "'", "''", '\\', "\\'", ':*', '()', '<->', '   ', '\u0000', '\u{1F600}']) {
      expect(await searchPosts({ query, limit: 10 }), JSON.stringify(query)).toEqual({
        hits: [],
        total: 0,
        capped: false,
      });
    }
    // Words PostgreSQL's parser reads otherwise (a symbol it keeps no word of, a very long word) still
    // make a query, never an error.
    for (const query of ['৴', 'garden ৴', 'x² ½', 'a'.repeat(3000), 'ǅemal İstanbul Straße', 'क्षत्रिय']) {
      await expect(searchPosts({ query, limit: 10 }), query).resolves.toBeDefined();
    }
  });

  it('builds the PostgreSQL query from the words only, each one quoted', () => {
    expect(toTsquery("It's a:b & !c | d:*")).toBe("'It' & 's' & 'a' & 'b' & 'c' & 'd':*");
    expect(toTsquery('Crème  brûl')).toBe("'Crème' & 'brûl':*");
    expect(toTsquery("!&|' :* ()")).toBeNull();
  });

  it('answers searchInWorker itself, without a worker (an in-memory database; PostgreSQL)', async () => {
    const before = searchesAnsweredByWorkers();
    const input = { query: 'garden', limit: 10 };
    expect(await searchInWorker(input)).toEqual(await searchPosts(input));
    expect(searchesAnsweredByWorkers()).toBe(before);
  });

  it('reads a word as the index stores it', () => {
    expect(indexedForm('Brûlée')).toBe('brulee');
    expect(indexedForm('ÇAFÉ')).toBe('cafe');
  });
});

describe('snippets', () => {
  // PostgreSQL's snippets are made by ftsSnippet, a copy of FTS5's snippet(): this compares the two,
  // which only SQLite can (FTS5 is SQLite's). On PostgreSQL the tests above check the snippets.
  it.skipIf(onPostgres)('are the ones FTS5’s snippet() makes, for every match of many queries', async () => {
    const extra = [
      await publish('Marks and breaks', 'First: a line. Second line.\nThird line: the end of it. '.repeat(6)),
      await publish(
        'Accents',
        'Crème brûlée, e\u0301te\u0301 and l’été at the café; it’s ada@example.com 3.14 x² walled-garden.',
      ),
      await publish('The the', `${'the '.repeat(30)}end. The`),
    ];
    const rows = await rawRows<{ id: number; title: string; excerpt: string; bodyText: string }>(
      db,
      sql`select id, title, excerpt, body_text as bodyText from posts`,
    );
    const words = [...new Set(rows.flatMap((row) => searchWords(`${row.title} ${row.excerpt} ${row.bodyText}`)))];
    const queries = ['the kitchen', 'garden gard', 'the the', 'cafe', 'ete', 'it s', 'line', 'first the end', 'x'];
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!.toLowerCase();
      queries.push(word, word.slice(0, 3), `${word} ${words[(index * 7) % words.length]}`);
    }
    const byId = new Map(rows.map((row) => [row.id, row]));
    let compared = 0;
    for (const query of queries) {
      const snippets = await rawRows<{ id: number; snippet: string }>(
        db,
        sql`select rowid as id, snippet(posts_fts, -1, ${SNIPPET_START}, ${SNIPPET_END}, '…', 24) as snippet
              from posts_fts where posts_fts match ${toFtsQuery(query)}`,
      );
      for (const { id, snippet } of snippets) {
        const row = byId.get(id)!;
        expect(show(ftsSnippet([row.title, row.excerpt, row.bodyText], searchWords(query))), `${query} #${id}`).toBe(
          show(snippet),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
    for (const post of extra) await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('quote a whole short column, and the earliest column that holds as many of the words', () => {
    expect(show(ftsSnippet(['A small garden', 'In the garden today.', 'In the garden today.'], ['garden']))).toBe(
      'A small [garden]',
    );
    expect(show(ftsSnippet(['Notes', 'In the garden today.', 'The garden, the shed.'], ['the', 'shed']))).toBe(
      '[The] garden, [the] [shed].',
    );
    expect(show(ftsSnippet(['Notes', '', ''], ['zebra']))).toBe('Notes');
  });
});
