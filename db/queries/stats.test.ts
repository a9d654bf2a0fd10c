import { beforeAll, describe, expect, it } from 'vitest';
import type { QuireDatabase } from '../client';
import { postViews, posts, users } from '../tables';
import { useTestDatabase } from '../test-database';
import { createComment } from '@/lib/services/comments';
import { getPostForStats, listCommentsPerDay, listTopPosts, listViewsPerDay } from './stats';
import { windowStart } from '@/lib/policies/stats';

const now = new Date('2026-11-26T15:00:00Z');
let db: QuireDatabase;
let ada: string;
let ben: string;
const ids: Record<'adaOne' | 'adaTwo' | 'benOne', number> = { adaOne: 0, adaTwo: 0, benOne: 0 };

beforeAll(async () => {
  db = await useTestDatabase();
  ada = (await db.insert(users).values({ handle: 'ada', name: 'Ada', role: 'author' }).returning())[0]!.id;
  ben = (await db.insert(users).values({ handle: 'ben', name: 'Ben', role: 'author' }).returning())[0]!.id;
  const post = async (slug: string, authorId: string) =>
    (
      await db
        .insert(posts)
        .values({ slug, title: slug, authorId, status: 'published', publishedAt: new Date('2026-01-01T00:00:00Z') })
        .returning()
    )[0]!.id;
  ids.adaOne = await post('ada-one', ada);
  ids.adaTwo = await post('ada-two', ada);
  ids.benOne = await post('ben-one', ben);
  await db.insert(postViews).values([
    { postId: ids.adaOne, day: '2026-11-26', views: 5 },
    { postId: ids.adaOne, day: '2026-11-20', views: 3 },
    // The day before a 7-day window: counted in 30 days only.
    { postId: ids.adaOne, day: '2026-11-19', views: 100 },
    { postId: ids.adaTwo, day: '2026-11-26', views: 7 },
    { postId: ids.benOne, day: '2026-11-26', views: 50 },
    { postId: ids.benOne, day: '2026-11-25', views: 1 },
  ]);
  const at = (iso: string) => new Date(iso);
  await createComment({ postId: ids.adaOne, markdown: 'one', createdAt: at('2026-11-26T00:00:01Z') });
  await createComment({ postId: ids.adaOne, markdown: 'two', createdAt: at('2026-11-26T23:59:59Z') });
  await createComment({ postId: ids.adaTwo, markdown: 'three', createdAt: at('2026-11-24T12:00:00Z') });
  await createComment({
    postId: ids.adaTwo,
    markdown: 'held',
    status: 'pending',
    createdAt: at('2026-11-24T12:00:00Z'),
  });
  await createComment({
    postId: ids.adaTwo,
    markdown: 'removed',
    status: 'removed',
    createdAt: at('2026-11-24T12:00:00Z'),
  });
  await createComment({ postId: ids.benOne, markdown: 'ben', createdAt: at('2026-11-25T12:00:00Z') });
  // Before the window's first day (UTC midnight): not counted.
  await createComment({ postId: ids.adaOne, markdown: 'old', createdAt: at('2026-11-19T23:59:59Z') });
});

describe('views per day', () => {
  it('sums an author’s own posts only, within the window', async () => {
    expect(await listViewsPerDay({ scope: { authorId: ada }, since: windowStart(7, now) })).toEqual([
      { day: '2026-11-20', count: 3 },
      { day: '2026-11-26', count: 12 },
    ]);
  });

  it('sums every post for an admin (no author)', async () => {
    expect(await listViewsPerDay({ scope: { authorId: null }, since: windowStart(7, now) })).toEqual([
      { day: '2026-11-20', count: 3 },
      { day: '2026-11-25', count: 1 },
      { day: '2026-11-26', count: 62 },
    ]);
    expect((await listViewsPerDay({ scope: { authorId: null }, since: windowStart(30, now) }))[0]).toEqual({
      day: '2026-11-19',
      count: 100,
    });
  });

  it('narrows to one post', async () => {
    expect(
      await listViewsPerDay({ scope: { authorId: null, postId: ids.adaTwo }, since: windowStart(7, now) }),
    ).toEqual([{ day: '2026-11-26', count: 7 }]);
    // An author's scope and another's post: nothing.
    expect(await listViewsPerDay({ scope: { authorId: ada, postId: ids.benOne }, since: windowStart(7, now) })).toEqual(
      [],
    );
  });
});

describe('comments per day', () => {
  it('counts visible comments by UTC day, for the author’s posts', async () => {
    expect(await listCommentsPerDay({ scope: { authorId: ada }, since: windowStart(7, now) })).toEqual([
      { day: '2026-11-24', count: 1 },
      { day: '2026-11-26', count: 2 },
    ]);
    expect(await listCommentsPerDay({ scope: { authorId: null }, since: windowStart(7, now) })).toEqual([
      { day: '2026-11-24', count: 1 },
      { day: '2026-11-25', count: 1 },
      { day: '2026-11-26', count: 2 },
    ]);
    expect((await listCommentsPerDay({ scope: { authorId: null }, since: windowStart(8, now) }))[0]).toEqual({
      day: '2026-11-19',
      count: 1,
    });
  });
});

describe('top posts', () => {
  it('ranks the window’s views, an author’s own or everyone’s', async () => {
    expect(
      (await listTopPosts({ authorId: ada, since: windowStart(7, now), limit: 10 })).map((post) => [
        post.slug,
        post.views,
      ]),
    ).toEqual([
      ['ada-one', 8],
      ['ada-two', 7],
    ]);
    expect(
      (await listTopPosts({ authorId: null, since: windowStart(30, now), limit: 2 })).map((post) => [
        post.slug,
        post.views,
      ]),
    ).toEqual([
      ['ada-one', 108],
      ['ben-one', 51],
    ]);
  });

  it('finds a post with its author, for the permission check', async () => {
    expect(await getPostForStats({ postId: ids.benOne })).toMatchObject({ slug: 'ben-one', authorId: ben });
    expect(await getPostForStats({ postId: 999_999 })).toBeNull();
  });
});
