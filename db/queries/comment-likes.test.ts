import { beforeEach, describe, expect, it } from 'vitest';
import { createComment } from '@/lib/services/comments';
import { createPost } from '@/lib/services/posts';
import { createUser } from '@/lib/services/users';
import type { QuireDatabase } from '../client';
import { commentLikes } from '../tables';
import { useTestDatabase } from '../test-database';
import { toggleCommentLike } from './comments';

let db: QuireDatabase;
let commentId: number;
let userId: string;

beforeEach(async () => {
  db = await useTestDatabase();
  const author = await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'author' });
  const reader = await createUser({ email: 'ben@quire.test', name: 'Ben', role: 'reader' });
  const post = await createPost({ title: 'Liked', markdown: 'Text.', authorId: author.id, status: 'published' });
  commentId = (await createComment({ postId: post.id, markdown: 'A comment.', authorId: author.id })).id;
  userId = reader.id;
});

describe('liking a comment', () => {
  it('likes, then unlikes', async () => {
    expect(await toggleCommentLike({ commentId, userId })).toBe(true);
    expect(await db.select().from(commentLikes)).toHaveLength(1);
    expect(await toggleCommentLike({ commentId, userId })).toBe(false);
    expect(await db.select().from(commentLikes)).toHaveLength(0);
  });

  it('takes clicks at the same moment as toggles one after the other, and fails none', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => toggleCommentLike({ commentId, userId })));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(await db.select().from(commentLikes)).toHaveLength(0);
  });
});
