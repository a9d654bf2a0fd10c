import { and, count, countDistinct, eq, isNotNull, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuireDatabase } from '@/db/client';
import { listCommentsForViewer } from '@/db/queries/comments';
import { listModerationLog, listQueue, queueCounts } from '@/db/queries/moderation';
import { commentLikes, commentReports, comments, posts, users } from '@/db/tables';
import { useTestDatabase } from '@/db/test-database';
import { isBanned } from '@/lib/policies/moderation-policy';
import { demoDiscussions } from './discussions';
import { demoPosts } from './posts';
import { seedDemo } from './seed';

const now = new Date('2026-11-26T12:00:00Z');
let db: QuireDatabase;

beforeAll(async () => {
  db = await useTestDatabase();
  expect((await seedDemo(now)).seeded).toBe(true);
}, 30_000);

describe('the demo blog’s discussions', () => {
  it('has comments on most published posts, from several people, in threads, with likes', async () => {
    const published = demoPosts.filter((post) => (post.status ?? 'published') === 'published').length;
    const discussed = (await db.select({ total: countDistinct(comments.postId) }).from(comments))[0]!.total;
    expect(discussed).toBe(demoDiscussions.length);
    expect(discussed).toBeGreaterThan(published / 2);
    const commenters = (await db.select({ total: countDistinct(comments.authorId) }).from(comments))[0]!.total;
    expect(commenters).toBeGreaterThanOrEqual(6);
    expect(
      (await db.select({ total: count() }).from(comments).where(isNotNull(comments.parentId)))[0]!.total,
    ).toBeGreaterThan(10);
    expect((await db.select({ total: count() }).from(commentLikes))[0]!.total).toBeGreaterThan(10);
  });

  it('never has anyone like their own comment, and every comment comes after its post', async () => {
    const selfLikes = (
      await db
        .select({ total: count() })
        .from(commentLikes)
        .innerJoin(comments, eq(comments.id, commentLikes.commentId))
        .where(eq(comments.authorId, commentLikes.userId))
    )[0]!.total;
    expect(selfLikes).toBe(0);
    const rows = await db
      .select({ commented: comments.createdAt, published: posts.publishedAt })
      .from(comments)
      .innerJoin(posts, eq(posts.id, comments.postId));
    for (const row of rows) expect(row.commented.getTime()).toBeGreaterThan(row.published!.getTime());
  });

  it('keeps the first eight comments where the reader tests expect them', async () => {
    const idsOf = async (title: string) => {
      const post = (await db.select({ id: posts.id }).from(posts).where(eq(posts.title, title)))[0]!;
      return (await listCommentsForViewer({ postId: post.id, viewer: null })).map((comment) => comment.id);
    };
    expect(await idsOf('Why we write in public')).toEqual([1, 2, 3]);
    expect(await idsOf('How comments should work')).toEqual([4, 5, 6, 7, 8]);
  });

  it('gives the moderators a held comment, a reported comment and a history to look at', async () => {
    expect(await queueCounts()).toMatchObject({ held: 1, reported: 1 });
    const held = (await listQueue({ tab: 'held', filters: {}, page: 1, perPage: 10 })).items;
    expect(held).toHaveLength(1);
    const log = (await listModerationLog({ page: 1, perPage: 50 })).items;
    expect(log.map((entry) => entry.action)).toEqual(['restore', 'remove', 'ban', 'remove', 'approve']);
    expect(log.find((entry) => entry.action === 'ban')?.reason).not.toBe('');
    expect(log.every((entry) => entry.createdAt.getTime() < now.getTime())).toBe(true);
    const open = (
      await db.select({ total: count() }).from(commentReports).where(isNull(commentReports.resolvedAt))
    )[0]!;
    expect(open.total).toBe(1);
  });

  it('shows a ban that has run out, and bans nobody who can sign in', async () => {
    const banned = await db.select().from(users).where(isNotNull(users.bannedUntil));
    expect(banned).toHaveLength(1);
    expect(banned[0]!.bannedUntil!.getTime()).toBeLessThan(now.getTime());
    expect(banned.every((user) => !isBanned(user, now))).toBe(true);
    const withPasswords = await db
      .select()
      .from(users)
      .where(and(isNotNull(users.passwordHash)));
    expect(withPasswords.map((user) => user.role).sort()).toEqual(['admin', 'author', 'moderator', 'reader']);
  });
});
