import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/lib/services/demo/seed';
import type { QuireDatabase } from '../client';
import { posts } from '../tables';
import { useTestDatabase } from '../test-database';
import { createPost } from '@/lib/services/posts';
import { indexedForm, searchPosts, SNIPPET_END, SNIPPET_START } from './search';
import { getAuthorByHandle } from './users';

let db: QuireDatabase;
let authorId: string;

beforeAll(async () => {
  db = await useTestDatabase();
  expect((await seedDemo(new Date('2026-11-26T12:00:00Z'))).seeded).toBe(true);
  authorId = (await getAuthorByHandle({ handle: 'ada-marsh' }))!.id;
}, 30_000);

function publish(title: string, markdown: string) {
  return createPost({ title, markdown, authorId, status: 'published' });
}

/** What FTS5's own ranking (the table's `rank`, over every match) puts first, published posts only (no pages). */
function rankedByFts(match: string): string[] {
  return (
    db.$client
      .prepare(
        `select p.slug from posts_fts join posts p on p.id = posts_fts.rowid
          where posts_fts match ? and p.status = 'published' and p.kind = 'post' order by rank, p.published_at desc`,
      )
      .all(match) as { slug: string }[]
  ).map((row) => row.slug);
}

describe('search', () => {
  it('ranks as FTS5’s bm25 ranking does when every match fits in the window', async () => {
    for (const [query, match] of [
      ['garden', '"garden"*'],
      ['the kitchen', '"the" "kitchen"*'],
      ['writ', '"writ"*'],
    ] as const) {
      const expected = rankedByFts(match);
      expect(expected.length, query).toBeGreaterThan(0);
      const found = await searchPosts({ query, limit: 50 });
      expect(
        found.hits.map((hit) => hit.slug),
        query,
      ).toEqual(expected);
      expect(found.total).toBe(expected.length);
      expect(found.capped).toBe(false);
    }
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

  it('reads a last word with one completion in the index as that word, and finds the same posts', async () => {
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

  it('finds every completion of a last word that has several', async () => {
    const words = Array.from({ length: 20 }, (_, index) => `zyx${String.fromCharCode(97 + index)}word`);
    const first = await publish('Many words', words.slice(0, 10).join(' '));
    const second = await publish('More words', words.slice(10).join(' '));
    expect((await searchPosts({ query: 'zyx', limit: 10 })).hits.map((hit) => hit.slug).sort()).toEqual(
      [first.slug, second.slug].sort(),
    );
    expect((await searchPosts({ query: 'more zyxt', limit: 10 })).hits.map((hit) => hit.slug)).toEqual([second.slug]);
    for (const post of [first, second]) await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('finds accented words typed with or without their accents', async () => {
    const post = await publish('Crème brûlée', 'A crème brûlée at the café.');
    for (const query of ['creme brulee', 'Crème Brûl', 'CAFÉ', 'cafe']) {
      expect(
        (await searchPosts({ query, limit: 10 })).hits.map((hit) => hit.slug),
        query,
      ).toContain(post.slug);
    }
    await db.delete(posts).where(eq(posts.id, post.id));
  });

  it('reads a word as the index stores it', () => {
    expect(indexedForm('Brûlée')).toBe('brulee');
    expect(indexedForm('ÇAFÉ')).toBe('cafe');
  });
});
