import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test-database';
import { createDraft } from './authoring';
import { createUser } from '@/lib/services/users';
import { addPostViews, countPostViews } from './views';
import { posts } from '../tables';

// Every app server keeps its own buffer of views and flushes it on its own: the flush must add to
// the stored count (views = views + n), never write its own total over another server's.

describe('flushed view counts', () => {
  let postId: number;
  beforeEach(async () => {
    const db = await useTestDatabase();
    const author = await createUser({ name: 'A', handle: 'a', email: 'a@example.test', role: 'author' });
    postId = await createDraft({ authorId: author.id, commentsOpen: true, chooseSlug: async () => 'viewed' });
    await db.update(posts).set({ status: 'published', publishedAt: new Date() }).where(eq(posts.id, postId));
  });

  it('add up across flushes from several servers on the same day', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    await addPostViews([[postId, 3]], now); // server A
    await addPostViews([[postId, 4]], now); // server B
    await addPostViews([[postId, 5]], new Date('2026-12-01T23:59:59Z')); // server A again
    expect(await countPostViews({ postId, days: 1, now })).toBe(12);
  });
});
