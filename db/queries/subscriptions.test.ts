import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test-database';
import { createPost } from '@/lib/services/posts';
import {
  addSubscriber,
  advancePostEmail,
  countSubscribers,
  finishPostEmail,
  getPostEmail,
  getSubscriberByEmail,
  listSubscribersAfter,
  listSubscribersForExport,
  nextPostEmailJob,
  queuePostEmail,
  recordPostEmailFailure,
  removeSubscriber,
} from './subscriptions';
import { createUser } from '@/lib/services/users';

const now = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
let authorId: string;

beforeEach(async () => {
  await useTestDatabase();
  authorId = (await createUser({ email: 'author@quire.test', name: 'Author', role: 'author' })).id;
});

const post = (title: string) => createPost({ title, markdown: 'Body.', authorId, status: 'published' });

describe('subscribers', () => {
  it('keeps one row per address: subscribing again changes nothing', async () => {
    await addSubscriber({ email: 'ann@quire.test', now });
    await addSubscriber({ email: 'ann@quire.test', now: later(1000) });
    expect(await countSubscribers()).toBe(1);
    expect((await getSubscriberByEmail({ email: 'ann@quire.test' }))?.confirmedAt).toEqual(now);
    await removeSubscriber({ id: (await getSubscriberByEmail({ email: 'ann@quire.test' }))!.id });
    expect(await countSubscribers()).toBe(0);
  });

  it('counts and exports every subscriber, oldest first, with the account they came from', async () => {
    const readerId = (await createUser({ email: 'reader@quire.test', name: 'Reader', role: 'reader' })).id;
    await addSubscriber({ email: 'late@quire.test', now: later(60_000) });
    await addSubscriber({ email: 'reader@quire.test', userId: readerId, now });
    expect(await countSubscribers()).toBe(2);
    expect(await listSubscribersForExport()).toEqual([
      { email: 'reader@quire.test', confirmedAt: now, userId: readerId },
      { email: 'late@quire.test', confirmedAt: later(60_000), userId: null },
    ]);
  });

  it('lists subscribers after a position, in id order, only those confirmed by the post’s queueing', async () => {
    await addSubscriber({ email: 'a@quire.test', now });
    await addSubscriber({ email: 'b@quire.test', now });
    await addSubscriber({ email: 'late@quire.test', now: later(60_000) });
    const first = await listSubscribersAfter({ after: 0, confirmedBy: later(1000), limit: 10 });
    expect(first.map((s) => s.email)).toEqual(['a@quire.test', 'b@quire.test']);
    expect(
      (await listSubscribersAfter({ after: first[0]!.id, confirmedBy: later(1000), limit: 10 })).map((s) => s.email),
    ).toEqual(['b@quire.test']);
    expect(await listSubscribersAfter({ after: 0, confirmedBy: later(60_000), limit: 1 })).toHaveLength(1);
  });
});

describe('the queue of posts to email', () => {
  it('queues a post once, however often it is published', async () => {
    const { id } = await post('Once');
    await queuePostEmail({ postId: id, now });
    await advancePostEmail({ postId: id, subscriberId: 7, sent: true });
    await queuePostEmail({ postId: id, now: later(1000) });
    expect(await getPostEmail({ postId: id })).toMatchObject({ queuedAt: now, sentThrough: 7, sent: 1 });
  });

  it('hands out the oldest unfinished post, with its failures, until it is finished', async () => {
    const older = await post('Older');
    const newer = await post('Newer');
    await queuePostEmail({ postId: newer.id, now: later(1000) });
    await queuePostEmail({ postId: older.id, now });
    expect(await nextPostEmailJob()).toMatchObject({
      postId: older.id,
      title: 'Older',
      status: 'published',
      failures: 0,
    });
    await recordPostEmailFailure({ postId: older.id, error: 'refused' });
    expect((await nextPostEmailJob())?.failures).toBe(1);
    await advancePostEmail({ postId: older.id, subscriberId: 3, sent: false });
    expect(await getPostEmail({ postId: older.id })).toMatchObject({ failures: 0, sent: 0, sentThrough: 3 });
    await finishPostEmail({ postId: older.id, now });
    expect((await nextPostEmailJob())?.postId).toBe(newer.id);
    await finishPostEmail({ postId: newer.id, now });
    expect(await nextPostEmailJob()).toBeNull();
  });
});
