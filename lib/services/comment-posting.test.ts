import { describe, expect, it, vi } from 'vitest';

vi.mock('next/server', () => ({ after: vi.fn() }));
vi.mock('./notifications', () => ({ notifyQueue: vi.fn(), notifyNewComment: vi.fn() }));

const { settleNewComment } = await import('./comment-posting');

describe('settleNewComment', () => {
  it("drops only its post's pages and the comment counts, not every list of posts", () => {
    const invalidated: string[] = [];
    settleNewComment(
      { id: 7, slug: 'a-post', parentId: null, judgement: { verdict: 'publish' }, href: '/posts/a-post#comment-7' },
      (tag) => invalidated.push(tag),
    );
    expect(invalidated).toEqual(['post:a-post', 'comment-counts']);
  });

  it('drops nothing for a held comment (nothing public changed)', () => {
    const invalidated: string[] = [];
    settleNewComment(
      {
        id: 8,
        slug: 'a-post',
        parentId: null,
        judgement: { verdict: 'hold', code: 'links', reason: 'Too many links.' },
        href: '/posts/a-post#comment-8',
      },
      (tag) => invalidated.push(tag),
    );
    expect(invalidated).toEqual([]);
  });
});
