import { describe, expect, it } from 'vitest';
import {
  buildCommentTree,
  commentPageCount,
  commentPageHref,
  countNodes,
  pageOfComment,
  pageOfThread,
  parseCommentPath,
  threadsOnPage,
} from './comment-tree';

const c = (id: number, parentId: number | null) => ({ id, parentId, authorName: `user${id}` });

describe('buildCommentTree', () => {
  it('nests replies under their parents in order', () => {
    const tree = buildCommentTree([c(1, null), c(2, 1), c(3, null), c(4, 1)]);
    expect(tree.map((node) => node.comment.id)).toEqual([1, 3]);
    expect(tree[0]!.replies.map((node) => node.comment.id)).toEqual([2, 4]);
    expect(tree[0]!.replies[0]!.depth).toBe(2);
  });

  it('folds replies deeper than three into the depth-3 ancestor and says whom they answer', () => {
    const tree = buildCommentTree([c(1, null), c(2, 1), c(3, 2), c(4, 3), c(5, 4), c(6, 3)]);
    const third = tree[0]!.replies[0]!.replies[0]!;
    expect(third.depth).toBe(3);
    expect(third.inReplyTo).toBeNull();
    expect(third.replies.map((node) => node.comment.id)).toEqual([4, 5, 6]);
    expect(third.replies.every((node) => node.depth === 3)).toBe(true);
    expect(third.replies.map((node) => node.inReplyTo?.authorName)).toEqual(['user3', 'user4', 'user3']);
    expect(countNodes(tree)).toBe(6);
  });

  it('shows a reply whose parent is hidden at the top level', () => {
    const tree = buildCommentTree([c(1, null), c(3, 2)]);
    expect(tree.map((node) => node.comment.id)).toEqual([1, 3]);
  });
});

describe('deleted comments', () => {
  const d = (id: number, parentId: number | null) => ({ ...c(id, parentId), status: 'deleted' });

  it('keep their place while they have replies, and vanish when they have none', () => {
    const tree = buildCommentTree([d(1, null), c(2, 1), d(3, null), c(4, null), d(5, 4)]);
    expect(tree.map((node) => node.comment.id)).toEqual([1, 4]);
    expect(tree[0]!.replies.map((node) => node.comment.id)).toEqual([2]);
    expect(tree[1]!.replies).toEqual([]);
  });

  it('vanish up a chain when every reply below is deleted too', () => {
    expect(buildCommentTree([d(1, null), d(2, 1), d(3, 2)])).toEqual([]);
  });
});

describe('comment pages', () => {
  const many = Array.from({ length: 120 }, (_, index) => c(index + 1, null));
  const withReply = [...many, c(1000, 75)];

  it('shows fifty threads a page, replies staying with their thread', () => {
    const threads = buildCommentTree(withReply);
    expect(commentPageCount(threads.length)).toBe(3);
    expect(threadsOnPage(threads, 1).map((node) => node.comment.id)).toEqual(many.slice(0, 50).map((x) => x.id));
    expect(threadsOnPage(threads, 3)).toHaveLength(20);
    expect(commentPageCount(0)).toBe(1);
  });

  it('finds the page that shows a comment, reply or not', () => {
    const threads = buildCommentTree(withReply);
    expect(pageOfComment(threads, 1)).toBe(1);
    expect(pageOfComment(threads, 51)).toBe(2);
    expect(pageOfComment(threads, 1000)).toBe(2);
    expect(pageOfComment(threads, 999_999)).toBeNull();
  });

  it('finds the page of a thread from the number of threads before it', () => {
    expect([0, 49, 50, 99, 100].map(pageOfThread)).toEqual([1, 1, 2, 2, 3]);
  });

  it('links page 1 to the post itself', () => {
    expect(commentPageHref('a-post', 1)).toBe('/posts/a-post');
    expect(commentPageHref('a-post', 2)).toBe('/posts/a-post/comments/2');
  });
});

describe('comment order and addresses', () => {
  it('lists threads newest first on request, replies still in time order', () => {
    const threads = buildCommentTree([c(1, null), c(2, null), c(3, 1), c(4, 1)]);
    const newest = threadsOnPage(threads, 1, 'newest');
    expect(newest.map((node) => node.comment.id)).toEqual([2, 1]);
    expect(newest[1]!.replies.map((node) => node.comment.id)).toEqual([3, 4]);
  });

  it('reads and writes comment page addresses', () => {
    expect(commentPageHref('p', 1, 'newest')).toBe('/posts/p/comments/newest');
    expect(commentPageHref('p', 3, 'newest')).toBe('/posts/p/comments/newest/3');
    expect(parseCommentPath(['2'])).toEqual({ order: 'oldest', page: 2 });
    expect(parseCommentPath(['newest'])).toEqual({ order: 'newest', page: 1 });
    expect(parseCommentPath(['newest', '4'])).toEqual({ order: 'newest', page: 4 });
    for (const bad of [['0'], ['x'], ['newest', 'x'], ['2', '3'], ['oldest'], []])
      expect(parseCommentPath(bad)).toBeNull();
  });
});
