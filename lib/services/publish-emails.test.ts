import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getEditablePost } from '@/db/queries/authoring';
import { getPostEmail } from '@/db/queries/subscriptions';
import { createUser } from '@/lib/services/users';
import { useTestDatabase } from '@/db/test-database';
import type { CurrentUser } from '../server/session';
import type { SavePostInput } from '../validations/post';
import { createDraftPost, savePost } from './post-workflow';
import { startScheduler } from './scheduler';

// Where publishing queues a post for the email subscribers: "Publish now" in the editor, and the
// scheduler when a scheduled post's time comes. The sending itself is tested in subscriptions.test.ts.

vi.mock('../server/mailer', () => ({ sendMail: vi.fn(async () => ({ via: 'smtp' })) }));
vi.mock('../server/notify-server', () => ({ notifyServer: vi.fn(async () => 'no-server') }));

let author: CurrentUser;
const now = new Date('2026-11-27T10:00:00Z');

beforeEach(async () => {
  await useTestDatabase();
  author = await createUser({ name: 'writer', handle: 'writer', email: 'writer@example.test', role: 'author' });
});

async function save(postId: number, intent: SavePostInput['intent'], at = now, publishAt?: string) {
  const result = await savePost(
    author,
    {
      postId,
      baseVersion: (await getEditablePost({ id: postId }))!.version,
      sessionId: 'session-aaaa-1',
      intent,
      publishAt,
      document: {
        title: 'A title',
        markdown: 'Some text.',
        slug: '',
        excerpt: '',
        labels: [],
        coverImage: '',
        coverAlt: '',
        seoTitle: '',
        seoDescription: '',
        commentsOpen: true,
      },
    },
    at,
  );
  expect(result.kind).toBe('saved');
}

describe('publishing queues the post for subscribers', () => {
  it('queues a post when it is first published, and never again (updates, unpublish and publish)', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    await save(id, 'autosave');
    expect(await getPostEmail({ postId: id })).toBeNull();
    await save(id, 'publish');
    expect((await getPostEmail({ postId: id }))?.queuedAt).toEqual(now);
    await save(id, 'update', new Date(now.getTime() + 1000));
    await save(id, 'unpublish', new Date(now.getTime() + 2000));
    await save(id, 'publish', new Date(now.getTime() + 3000));
    expect((await getPostEmail({ postId: id }))?.queuedAt).toEqual(now);
  });

  it('queues a scheduled post when the scheduler publishes it, not before', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    await save(id, 'schedule', new Date(Date.now() - 120_000), new Date(Date.now() - 60_000).toISOString());
    expect(await getPostEmail({ postId: id })).toBeNull();
    expect(await startScheduler()).toEqual(['a-title']);
    expect(await getPostEmail({ postId: id })).not.toBeNull();
  });
});
