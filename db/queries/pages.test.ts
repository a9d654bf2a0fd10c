import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/lib/services/demo/seed';
import type { QuireDatabase } from '../client';
import { labels, postLabels, posts, users } from '../tables';
import { useTestDatabase } from '../test-database';
import {
  getArchiveMonths,
  getPublishedPageBySlug,
  getPublishedPostBySlug,
  listFeedPosts,
  listPostsByAuthor,
  listPostsByLabel,
  listPostsByMonth,
  listPublishedPages,
  listPublishedPosts,
  listSitemapPosts,
} from './posts';
import { createPost } from '@/lib/services/posts';
import { getCommentChecks } from './comments';
import { listLabelsWithPosts } from './labels';
import { getMenuItems, listMenuLinks, saveMenuItems } from '@/lib/services/menu';
import { searchPosts } from './search';
import { listPublishedAuthors } from './users';
import { addPostViews, listPopularPosts } from './views';

// Pages are rows of the posts table: every read that lists posts must leave them out. The page here
// is as visible as a page can be (published now, labelled, viewed most, its words searched for), so
// a read that forgot the kind would show it.
const now = new Date('2026-11-26T12:00:00Z');
let db: QuireDatabase;
let page: { id: number; slug: string };
let soleAuthorId: string;

beforeAll(async () => {
  db = await useTestDatabase();
  await seedDemo(now);
  // An author whose only published writing is a page: no author page, no author in the sitemap.
  soleAuthorId = (
    await db.insert(users).values({ handle: 'page-only', name: 'Page Only', role: 'author' }).returning()
  )[0]!.id;
  page = await createPost({
    title: 'Zephyrquill colophon',
    markdown: 'How this zephyrquill blog is made.',
    authorId: soleAuthorId,
    status: 'published',
    publishedAt: now,
    kind: 'page',
    labels: ['Garden'],
  });
  // A label given behind the editor's back (the editor and createPost give pages none).
  const garden = (await db.select().from(labels).where(eq(labels.slug, 'garden')))[0]!;
  await db.insert(postLabels).values({ postId: page.id, labelId: garden.id }).onConflictDoNothing();
  await addPostViews([[page.id, 100_000]], now);
}, 30_000);

describe('a published page', () => {
  it('is found at its own address, and not as a post', async () => {
    expect((await getPublishedPageBySlug({ slug: page.slug }))?.title).toBe('Zephyrquill colophon');
    expect(await getPublishedPostBySlug({ slug: page.slug })).toBeNull();
    expect((await getPublishedPageBySlug({ slug: 'about' }))?.title).toBe('About');
    expect((await listPublishedPages()).map((row) => row.slug)).toEqual(['about', page.slug]);
  });

  it('starts with comments closed and without labels', async () => {
    const row = (await db.select().from(posts).where(eq(posts.id, page.id)))[0]!;
    expect(row.commentsOpen).toBe(false);
    expect(row.kind).toBe('page');
  });

  it('is in no list of posts: home, label, author, archive, feed, search, popular, sitemap', async () => {
    const slugs = (items: { slug: string }[]) => items.map((item) => item.slug);
    expect(slugs((await listPublishedPosts({ page: 1, perPage: 1000 })).items)).not.toContain(page.slug);
    expect(slugs((await listPublishedPosts({ page: 1, perPage: 1000 })).items)).not.toContain('about');
    const garden = (await db.select().from(labels).where(eq(labels.slug, 'garden')))[0]!;
    const gardenPosts = await listPostsByLabel({ labelId: garden.id, page: 1, perPage: 100 });
    expect(gardenPosts.total).toBeGreaterThan(0);
    expect(slugs(gardenPosts.items)).not.toContain(page.slug);
    expect((await listLabelsWithPosts()).find((label) => label.slug === 'garden')?.postCount).toBe(gardenPosts.total);
    expect((await listPostsByAuthor({ authorId: soleAuthorId, page: 1, perPage: 10 })).total).toBe(0);
    expect((await listPublishedAuthors()).map((author) => author.handle)).not.toContain('page-only');
    expect(slugs(await listPostsByMonth({ year: 2026, month: 11 }))).not.toContain(page.slug);
    const months = await getArchiveMonths();
    const counted = months.reduce((sum, month) => sum + month.count, 0);
    expect(counted).toBe((await listPublishedPosts({ page: 1, perPage: 1000 })).total);
    expect(slugs(await listFeedPosts({ limit: 1000 }))).not.toContain(page.slug);
    expect(slugs(await listFeedPosts({ labelId: garden.id, limit: 1000 }))).not.toContain(page.slug);
    expect((await searchPosts({ query: 'zephyrquill', limit: 10 })).total).toBe(0);
    expect(slugs(await listPopularPosts({ days: 30, limit: 5, now }))).not.toContain(page.slug);
    expect(slugs(await listSitemapPosts())).not.toContain(page.slug);
  });

  it('cannot be commented on: the comment checks find no post there', async () => {
    const reader = (await db.select().from(users).where(eq(users.role, 'reader')))[0]!;
    const checks = (postId: number) =>
      getCommentChecks({ postId, parentId: null, authorId: reader.id, markdown: 'Hi', now, duplicateWindowMs: 1 });
    expect((await checks(page.id)).post).toBeNull();
    const [newest] = await listFeedPosts({ limit: 1 });
    const post = await getPublishedPostBySlug({ slug: newest!.slug });
    expect((await checks(post!.id)).post).not.toBeNull();
  });
});

describe('the header menu', () => {
  it('shows the demo’s About page and leaves out a page that is not published', async () => {
    expect(await listMenuLinks()).toEqual([{ label: 'About', href: '/pages/about', external: false }]);
    const about = (await getPublishedPageBySlug({ slug: 'about' }))!;
    await saveMenuItems([
      ...(await getMenuItems()),
      { label: 'Colophon', target: { type: 'page', pageId: page.id } },
      { label: 'A post', target: { type: 'page', pageId: 1 } },
      { label: 'Elsewhere', target: { type: 'url', url: 'https://example.org/' } },
    ]);
    expect((await listMenuLinks()).map((link) => link.href)).toEqual([
      '/pages/about',
      `/pages/${page.slug}`,
      'https://example.org/',
    ]);
    await db.update(posts).set({ status: 'draft' }).where(eq(posts.id, about.id));
    expect((await listMenuLinks()).map((link) => link.label)).toEqual(['Colophon', 'Elsewhere']);
    await db.update(posts).set({ status: 'published' }).where(eq(posts.id, about.id));
  });
});
