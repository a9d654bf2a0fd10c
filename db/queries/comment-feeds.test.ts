import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/lib/services/demo/seed';
import type { QuireDatabase } from '../client';
import { posts } from '../tables';
import { useTestDatabase } from '../test-database';
import { getPublishedPostForFeed, listFeedComments } from './comment-feeds';
import { createComment } from '@/lib/services/comments';

const now = new Date('2026-11-26T12:00:00Z');
let db: QuireDatabase;
let publishedId: number;
let publishedSlug: string;
let draftSlug: string;

beforeAll(async () => {
  db = await useTestDatabase();
  await seedDemo(now);
  const published = (
    await db
      .select()
      .from(posts)
      .where(and(eq(posts.status, 'published'), eq(posts.kind, 'post')))
  )[0]!;
  const draft = (await db.select().from(posts).where(eq(posts.status, 'draft')))[0]!;
  publishedId = published.id;
  publishedSlug = published.slug;
  draftSlug = draft.slug;
  const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  await createComment({ postId: published.id, markdown: 'feed: visible', createdAt: later(1) });
  await createComment({ postId: published.id, markdown: 'feed: held', status: 'pending', createdAt: later(2) });
  await createComment({ postId: published.id, markdown: 'feed: removed', status: 'removed', createdAt: later(3) });
  await createComment({ postId: published.id, markdown: 'feed: deleted', status: 'deleted', createdAt: later(4) });
  await createComment({ postId: draft.id, markdown: 'feed: on a draft', createdAt: later(5) });
}, 30_000);

const texts = (list: { bodyHtml: string }[]) =>
  list.map((comment) => comment.bodyHtml).filter((html) => html.includes('feed:'));

describe('comment feeds', () => {
  it('list only visible comments on published posts, newest first', async () => {
    const siteWide = await listFeedComments({ limit: 50 });
    expect(texts(siteWide)).toEqual(['<p>feed: visible</p>']);
    expect(siteWide.every((comment, index) => index === 0 || comment.createdAt <= siteWide[index - 1]!.createdAt)).toBe(
      true,
    );
    expect(siteWide[0]!.postSlug).toBe(publishedSlug);
  });

  it('keep one post’s feed to that post', async () => {
    const onePost = await listFeedComments({ postId: publishedId, limit: 50 });
    expect(onePost.length).toBeGreaterThan(0);
    expect(new Set(onePost.map((comment) => comment.postSlug))).toEqual(new Set([publishedSlug]));
  });

  it('respect the limit', async () => {
    expect(await listFeedComments({ limit: 2 })).toHaveLength(2);
  });

  it('have no feed for a post that is not published', async () => {
    expect(await getPublishedPostForFeed({ slug: draftSlug })).toBeNull();
    expect((await getPublishedPostForFeed({ slug: publishedSlug }))?.id).toBe(publishedId);
  });
});
