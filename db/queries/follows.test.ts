import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test-database';
import { createComment } from '@/lib/services/comments';
import {
  followPost,
  getCommentEmailState,
  getCommentForEmails,
  isFollowingPost,
  listCommentsAfter,
  listFollowedPosts,
  listPostFollowers,
  recordCommentEmail,
  unfollowPost,
} from './follows';
import { createPost } from '@/lib/services/posts';
import { createUser } from '@/lib/services/users';

const now = new Date('2026-12-01T10:00:00Z');
let author: string;
let ann: string;
let bob: string;
let postId: number;

beforeEach(async () => {
  await useTestDatabase();
  author = (await createUser({ email: 'author@quire.test', name: 'Author', role: 'author' })).id;
  ann = (await createUser({ email: 'ann@quire.test', name: 'Ann', role: 'reader' })).id;
  bob = (await createUser({ email: 'bob@quire.test', name: 'Bob', role: 'reader' })).id;
  postId = (await createPost({ title: 'Threads', markdown: 'Body.', authorId: author, status: 'published' })).id;
});

describe('following a post', () => {
  it('follows once, lists the followers with their address, and unfollows', async () => {
    await followPost({ userId: ann, postId });
    await followPost({ userId: ann, postId });
    expect(await isFollowingPost({ userId: ann, postId })).toBe(true);
    expect(await isFollowingPost({ userId: bob, postId })).toBe(false);
    expect(await listPostFollowers({ postId })).toEqual([{ userId: ann, email: 'ann@quire.test' }]);
    expect(await listFollowedPosts({ userId: ann })).toEqual([{ postId, slug: 'threads', title: 'Threads' }]);
    await unfollowPost({ userId: ann, postId });
    expect(await listPostFollowers({ postId })).toEqual([]);
  });
});

describe('a comment’s email facts', () => {
  it('names the person replied to and the post’s author with their settings; nothing for a held comment', async () => {
    const parent = await createComment({ postId, authorId: ann, markdown: 'First.' });
    const reply = await createComment({ postId, parentId: parent.id, authorId: bob, markdown: 'Answer.' });
    expect(await getCommentForEmails({ commentId: reply.id })).toMatchObject({
      postId,
      authorId: bob,
      authorName: 'Bob',
      postTitle: 'Threads',
      repliedToId: ann,
      repliedToEmail: 'ann@quire.test',
      repliedToWants: true,
      postAuthorId: author,
      postAuthorWants: true,
    });
    expect((await getCommentForEmails({ commentId: parent.id }))?.repliedToId).toBeNull();
    const held = await createComment({ postId, authorId: bob, markdown: 'Wait.', status: 'pending' });
    expect(await getCommentForEmails({ commentId: held.id })).toBeNull();
  });

  it('remembers the last email per person and post, and lists the comments since it', async () => {
    const one = await createComment({ postId, authorId: bob, markdown: 'One.' });
    await recordCommentEmail({ userId: ann, postId, commentId: one.id, now });
    const two = await createComment({ postId, authorId: bob, markdown: 'Two.' });
    await createComment({ postId, authorId: ann, markdown: 'Ann’s own.' });
    await createComment({ postId, authorId: bob, markdown: 'Held.', status: 'pending' });
    const four = await createComment({ postId, authorId: bob, markdown: 'Four.' });
    expect(await getCommentEmailState({ postId, userIds: [ann, bob] })).toEqual(
      new Map([[ann, { sentAt: now, lastCommentId: one.id }]]),
    );
    const since = await listCommentsAfter({ postId, afterId: one.id, beforeId: four.id, exceptAuthor: ann, limit: 10 });
    expect(since.map((row) => row.id)).toEqual([two.id]);
    await recordCommentEmail({ userId: ann, postId, commentId: four.id, now });
    expect((await getCommentEmailState({ postId, userIds: [ann] })).get(ann)?.lastCommentId).toBe(four.id);
  });
});
