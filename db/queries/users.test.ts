import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test-database';
import { createComment } from '@/lib/services/comments';
import { createPost } from '@/lib/services/posts';
import { searchUsers, updateProfile } from './users';
import { createUser } from '@/lib/services/users';

beforeAll(async () => {
  await useTestDatabase();
  const ada = await createUser({ email: 'ada@example.com', name: 'Ada Writer', role: 'author' });
  const ben = await createUser({ email: 'ben@example.com', name: 'Ben Reader', role: 'reader' });
  await createUser({ email: 'cy@example.com', name: 'Cy Quiet', role: 'reader' });
  const first = await createPost({ title: 'First', markdown: 'One.', authorId: ada.id, status: 'published' });
  const second = await createPost({ title: 'Second', markdown: 'Two.', authorId: ada.id, status: 'published' });
  await createPost({ title: 'Third', markdown: 'Three.', authorId: ada.id });
  await createComment({ postId: first.id, markdown: 'Mine.', authorId: ada.id });
  for (const postId of [first.id, first.id, second.id, second.id]) {
    await createComment({ postId, markdown: 'Nice.', authorId: ben.id });
  }
  await createComment({ postId: second.id, markdown: 'Hi.', authorName: 'A guest' });
});

describe('searchUsers', () => {
  it('counts each account’s own comments and posts', async () => {
    const { items } = await searchUsers({ query: '', page: 1, perPage: 20 });
    const counts = Object.fromEntries(
      items.map((user) => [user.email, { comments: user.comments, posts: user.posts }]),
    );
    expect(counts).toEqual({
      'ada@example.com': { comments: 1, posts: 3 },
      'ben@example.com': { comments: 4, posts: 0 },
      'cy@example.com': { comments: 0, posts: 0 },
    });
  });

  it('keeps the counts when the list is filtered', async () => {
    const { items, total } = await searchUsers({ query: 'ben', page: 1, perPage: 20 });
    expect(total).toBe(1);
    expect(items.map((user) => [user.handle, user.comments, user.posts])).toEqual([['ben-reader', 4, 0]]);
  });
});

describe('createUser', () => {
  it('gives a new account a free handle made from its name (or email), in any script', async () => {
    expect((await createUser({ email: 'ivan@example.com', name: 'Иван Петров', role: 'reader' })).handle).toBe(
      'ivan-petrov',
    );
    expect((await createUser({ email: 'ivan2@example.com', name: 'Ivan Petrov', role: 'reader' })).handle).toBe(
      'ivan-petrov-2',
    );
    expect((await createUser({ email: 'no.name@example.com', name: '', role: 'reader' })).handle).toBe('noname');
  });

  it('gives each of several people named alike, signing up at the same moment, a handle of their own', async () => {
    const made = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        createUser({ email: `twin${index}@example.com`, name: 'Same Name', role: 'reader' }),
      ),
    );
    expect(new Set(made.map((user) => user.handle)).size).toBe(5);
  });

  it('lets one of two people taking the same handle at the same moment have it; the other is told', async () => {
    const [one, two] = await Promise.all(
      ['one', 'two'].map((name) => createUser({ email: `${name}@example.com`, name, role: 'reader' })),
    );
    const profile = { name: 'Same', handle: 'wanted', bio: '', image: null };
    const answers = await Promise.all([one!, two!].map((user) => updateProfile({ userId: user.id, ...profile })));
    expect(answers.sort()).toEqual(['saved', 'taken']);
  });
});
