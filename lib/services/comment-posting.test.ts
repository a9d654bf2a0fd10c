import { describe, expect, it, vi } from 'vitest';

vi.mock('./notifications', () => ({ notifyQueue: vi.fn(), notifyNewComment: vi.fn() }));

const { settleNewComment } = await import('./comment-posting');
const notifications = await import('./notifications');

describe('settleNewComment', () => {
  it("drops only its post's pages and the comment counts, not every list of posts, then emails later", async () => {
    const invalidated: string[] = [];
    const later: (() => unknown)[] = [];
    await settleNewComment(
      {
        id: 7,
        postId: 3,
        slug: 'a-post',
        parentId: null,
        judgement: { verdict: 'publish' },
        href: '/posts/a-post#comment-7',
      },
      { invalidate: (tags) => void invalidated.push(...tags), later: (task) => void later.push(task) },
    );
    expect(invalidated).toEqual(['post:a-post', 'comment-counts']);
    expect(notifications.notifyNewComment).not.toHaveBeenCalled();
    expect(later).toHaveLength(1);
    later[0]!();
    expect(notifications.notifyNewComment).toHaveBeenCalledWith(7);
  });

  it('waits for the invalidation before it resolves', async () => {
    let dropped = false;
    await settleNewComment(
      {
        id: 9,
        postId: 3,
        slug: 'a-post',
        parentId: null,
        judgement: { verdict: 'publish' },
        href: '/posts/a-post#comment-9',
      },
      {
        invalidate: () => new Promise<void>((resolve) => setTimeout(() => ((dropped = true), resolve()), 5)),
        later: () => {},
      },
    );
    expect(dropped).toBe(true);
  });

  it('drops only the viewer answers of a held comment (nothing public changed), and tells the moderators later', async () => {
    const invalidated: string[] = [];
    const later: (() => unknown)[] = [];
    await settleNewComment(
      {
        id: 8,
        postId: 3,
        slug: 'a-post',
        parentId: null,
        judgement: { verdict: 'hold', code: 'links', reason: 'Too many links.' },
        href: '/posts/a-post#comment-8',
      },
      { invalidate: (tags) => void invalidated.push(...tags), later: (task) => void later.push(task) },
    );
    expect(invalidated).toEqual(['viewers:3']);
    later[0]!();
    expect(notifications.notifyQueue).toHaveBeenCalledWith(8, 'Too many links.');
  });
});
