import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/lib/services/demo/seed';
import { demoPosts } from '@/lib/services/demo/posts';
import { renderPostMarkdown } from '@/lib/policies/markdown';
import type { QuireDatabase } from '../client';
import { comments, posts } from '../tables';
import { useTestDatabase } from '../test-database';
import { createComment } from '@/lib/services/comments';
import { getLabelBySlug, listLabelsWithPosts } from './labels';
import {
  getAdjacentPosts,
  getArchiveMonths,
  getPublishedPostBySlug,
  listFeedPosts,
  listPostsByAuthor,
  listPostsByLabel,
  listPostsByMonth,
  listPublicPostIds,
  listPublishedPosts,
  listSitemapPosts,
} from './posts';
import { createPost } from '@/lib/services/posts';
import { searchPosts, toFtsQuery } from './search';
import { getAuthorByHandle } from './users';
import { addPostViews, countPostViews, listPopularPosts } from './views';

const now = new Date('2026-11-26T12:00:00Z');
const published = demoPosts.filter((post) => !post.status);
let db: QuireDatabase;

beforeAll(async () => {
  db = await useTestDatabase();
  const result = await seedDemo(now);
  expect(result.seeded).toBe(true);
}, 30_000);

describe('post listings', () => {
  it('lists published posts only, newest first, ten a page', async () => {
    const first = await listPublishedPosts({ page: 1, perPage: 10 });
    expect(first.total).toBe(published.length);
    expect(first.pageCount).toBe(Math.ceil(published.length / 10));
    expect(first.items).toHaveLength(10);
    expect(first.items[0]!.title).toBe('Why we write in public');
    const times = first.items.map((post) => post.publishedAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const titles = [...first.items, ...(await listPublishedPosts({ page: 2, perPage: 10 })).items].map(
      (post) => post.title,
    );
    expect(titles).not.toContain('Unfinished thoughts on newsletters');
    expect(titles).not.toContain('Coming soon: the spring planting plan');
  });

  it('counts visible comments exactly', async () => {
    const home = await listPublishedPosts({ page: 1, perPage: 10 });
    const post = home.items.find((item) => item.title === 'How comments should work')!;
    expect(post.commentCount).toBe(5);
    const hidden = (await db.select().from(comments).where(eq(comments.postId, post.id)))[0]!;
    await db.update(comments).set({ status: 'removed' }).where(eq(comments.id, hidden.id));
    expect(
      (await listPublishedPosts({ page: 1, perPage: 10 })).items.find((item) => item.id === post.id)!.commentCount,
    ).toBe(4);
    await db.update(comments).set({ status: 'visible' }).where(eq(comments.id, hidden.id));
  });

  it('lists by label, author and month', async () => {
    const label = (await getLabelBySlug({ slug: 'writing' }))!;
    const byLabel = await listPostsByLabel({ labelId: label.id, page: 1, perPage: 10 });
    expect(byLabel.items.map((post) => post.title).sort()).toEqual(
      published
        .filter((post) => post.labels.includes('Writing'))
        .map((post) => post.title)
        .sort(),
    );
    const author = (await getAuthorByHandle({ handle: 'jonah-reed' }))!;
    const byAuthor = await listPostsByAuthor({ authorId: author.id, page: 1, perPage: 10 });
    expect(byAuthor.total).toBe(published.filter((post) => post.author === 'author').length);
    const months = await getArchiveMonths();
    expect(months.reduce((sum, month) => sum + month.count, 0)).toBe(published.length);
    const first = months[0]!;
    expect(await listPostsByMonth(first)).toHaveLength(first.count);
  });

  it('gives labels with published posts and a sitemap without drafts', async () => {
    expect((await listLabelsWithPosts()).map((label) => label.slug)).toContain('writing');
    const slugs = (await listSitemapPosts()).map((entry) => entry.slug);
    expect(slugs).toHaveLength(published.length);
    expect(slugs).not.toContain('unfinished-thoughts-on-newsletters');
  });
});

describe('a post', () => {
  it('is found by slug when published, not when a draft', async () => {
    const post = (await getPublishedPostBySlug({ slug: 'a-field-guide-to-markdown' }))!;
    expect(post.title).toBe('A field guide to Markdown');
    expect(post.bodyHtml).toContain('<h2 id="emphasis">Emphasis</h2>');
    expect(post.labels.map((label) => label.slug)).toEqual(['how-to', 'writing']);
    expect(await getPublishedPostBySlug({ slug: 'unfinished-thoughts-on-newsletters' })).toBeNull();
    expect(await getPublishedPostBySlug({ slug: 'coming-soon-the-spring-planting-plan' })).toBeNull();
  });

  it('knows its newer and older neighbours', async () => {
    const post = (await getPublishedPostBySlug({ slug: 'a-field-guide-to-markdown' }))!;
    const { newer, older } = await getAdjacentPosts(post);
    expect(newer?.slug).toBe('why-we-write-in-public');
    expect(older?.slug).toBe('slow-mornings-and-the-first-draft');
    const newest = (await getPublishedPostBySlug({ slug: 'why-we-write-in-public' }))!;
    expect((await getAdjacentPosts(newest)).newer).toBeNull();
  });

  it('gets a unique slug when the title repeats', async () => {
    const author = (await getAuthorByHandle({ handle: 'ada-marsh' }))!;
    const created = await createPost({
      title: 'Hello, world',
      markdown: 'Again.',
      authorId: author.id,
      status: 'draft',
    });
    expect(created.slug).toBe('hello-world-2');
    await db.delete(posts).where(eq(posts.id, created.id));
  });

  it('feeds the newest 20 with full content, per label too', async () => {
    const feed = await listFeedPosts({ limit: 20 });
    expect(feed).toHaveLength(published.length);
    expect(feed[0]!.bodyHtml).toContain('<p>');
    const label = (await getLabelBySlug({ slug: 'garden' }))!;
    expect((await listFeedPosts({ labelId: label.id, limit: 20 })).map((post) => post.title)).toEqual([
      'Notes on a small kitchen garden',
    ]);
  });
});

describe('search', () => {
  it('finds words in bodies with highlighted snippets, titles first', async () => {
    const { hits, total } = await searchPosts({ query: 'garden', limit: 10 });
    expect(total).toBeGreaterThan(0);
    expect(hits[0]!.title).toBe('Notes on a small kitchen garden');
    expect(hits.some((hit) => hit.snippet.includes('\u0002'))).toBe(true);
  });

  it('matches a prefix of the last word and ignores accents', async () => {
    expect((await searchPosts({ query: 'photogr', limit: 10 })).total).toBeGreaterThan(0);
    expect((await searchPosts({ query: 'cafe', limit: 10 })).hits.map((hit) => hit.slug)).toContain(
      'walking-the-old-canal-path',
    );
  });

  it('never finds drafts, even when they would outrank every published post', async () => {
    expect((await searchPosts({ query: 'newsletters', limit: 10 })).total).toBe(0);
    const author = (await getAuthorByHandle({ handle: 'ada-marsh' }))!;
    const before = await searchPosts({ query: 'garden', limit: 10 });
    const drafts = [];
    for (let index = 0; index < 30; index++) {
      drafts.push(
        await createPost({
          title: `Garden garden garden ${index}`,
          markdown: 'garden garden',
          authorId: author.id,
          status: 'draft',
        }),
      );
    }
    const after = await searchPosts({ query: 'garden', limit: 10 });
    expect(after.total).toBe(before.total);
    expect(after.hits.map((hit) => hit.slug)).toEqual(before.hits.map((hit) => hit.slug));
    for (const draft of drafts) await db.delete(posts).where(eq(posts.id, draft.id));
  });

  it('pages through results', async () => {
    const all = await searchPosts({ query: 'the', limit: 50 });
    expect(all.total).toBeGreaterThan(3);
    const second = await searchPosts({ query: 'the', limit: 2, offset: 2 });
    expect(second.hits.map((hit) => hit.slug)).toEqual(all.hits.slice(2, 4).map((hit) => hit.slug));
    expect(second.total).toBe(all.total);
  });

  it.each(['"unterminated', 'AND OR NOT', '*', 'title:garden', 'NEAR(a b)', '(((', "'; drop table posts; --", ''])(
    'treats %j as text',
    async (query) => {
      await expect(searchPosts({ query, limit: 10 })).resolves.toBeDefined();
    },
  );

  it('builds quoted FTS terms', () => {
    expect(toFtsQuery('Kitchen "garden" OR')).toBe('"Kitchen" "garden" "OR"*');
    expect(toFtsQuery('  ')).toBeNull();
  });

  it('stays in sync when a post body changes', async () => {
    const post = (await getPublishedPostBySlug({ slug: 'hello-world' }))!;
    expect((await searchPosts({ query: 'zeppelin', limit: 10 })).total).toBe(0);
    const rendered = renderPostMarkdown('Now about a zeppelin.');
    await db
      .update(posts)
      .set({ bodyMarkdown: 'Now about a zeppelin.', bodyHtml: rendered.html, bodyText: rendered.text })
      .where(eq(posts.id, post.id));
    expect((await searchPosts({ query: 'zeppelin', limit: 10 })).hits.map((hit) => hit.slug)).toEqual(['hello-world']);
  });
});

describe('popular posts', () => {
  it('ranks by views in the last 30 days', async () => {
    const popular = await listPopularPosts({ days: 30, limit: 5, now });
    expect(popular).toHaveLength(5);
    const views = popular.map((post) => post.views);
    expect([...views].sort((a, b) => b - a)).toEqual(views);
    const outside = (await getPublishedPostBySlug({ slug: 'walking-the-old-canal-path' }))!;
    await addPostViews([[outside.id, 100_000]], new Date(now.getTime() - 40 * 86_400_000));
    expect((await listPopularPosts({ days: 30, limit: 5, now })).map((post) => post.id)).not.toContain(outside.id);
    const lastWeek = await countPostViews({ postId: outside.id, days: 7, now });
    await addPostViews([[outside.id, 100_000]], now);
    expect((await listPopularPosts({ days: 30, limit: 5, now }))[0]!.id).toBe(outside.id);
    expect(await countPostViews({ postId: outside.id, days: 7, now })).toBe(lastWeek + 100_000);
    expect(await countPostViews({ postId: outside.id, days: null, now })).toBeGreaterThanOrEqual(200_000);
  });

  it('counts views only for posts that exist and are published', async () => {
    const live = (await getPublishedPostBySlug({ slug: 'walking-the-old-canal-path' }))!;
    const draft = (await db.select({ id: posts.id }).from(posts).where(eq(posts.status, 'draft')))[0]!;
    expect(await listPublicPostIds({ ids: [live.id, draft.id, 999_999] })).toEqual(new Set([live.id]));
  });

  it('falls back to all time when fewer than five posts were viewed recently', async () => {
    const later = new Date(now.getTime() + 365 * 86_400_000);
    const popular = await listPopularPosts({ days: 30, limit: 5, now: later });
    expect(popular).toHaveLength(5);
    expect(popular[0]!.slug).toBe('walking-the-old-canal-path');
  });
});

describe('comments', () => {
  it('renders and stores a comment', async () => {
    const post = (await getPublishedPostBySlug({ slug: 'hello-world' }))!;
    const { id } = await createComment({
      postId: post.id,
      authorName: 'Visitor',
      markdown: 'Nice <script>x</script> **post**',
    });
    const row = (await db.select().from(comments).where(eq(comments.id, id)))[0]!;
    expect(row.bodyHtml).toBe('<p>Nice x <strong>post</strong></p>');
  });
});

describe('text with a NUL character (U+0000), which PostgreSQL cannot hold', () => {
  it('finds nothing by it, and a write keeps the rest of the text', async () => {
    expect(await getPublishedPostBySlug({ slug: 'hello-world\u0000' })).toBeNull();
    expect(await getAuthorByHandle({ handle: '\u0000' })).toBeNull();
    const post = (await listPublishedPosts({ page: 1, perPage: 1 })).items[0]!;
    const [author] = await db.select({ id: posts.authorId }).from(posts).where(eq(posts.id, post.id));
    const { id } = await createComment({ postId: post.id, authorId: author!.id, markdown: 'Before\u0000after' });
    const [stored] = await db.select().from(comments).where(eq(comments.id, id));
    // SQLite keeps the NUL; PostgreSQL stores U+FFFD in its place.
    expect(stored!.bodyMarkdown.replace(/[\u0000\ufffd]/g, '')).toBe('Beforeafter');
  });
});
