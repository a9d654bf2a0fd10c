import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PublicComment } from '@/db/queries/comments';
import { CommentSection } from './comment-section';

const comment = (id: number, likeCount: number): PublicComment => ({
  id,
  parentId: null,
  status: 'visible',
  likeCount,
  authorId: `user-${id}`,
  authorName: `Person ${id}`,
  authorHandle: `person-${id}`,
  authorImage: null,
  bodyHtml: `<p>Comment ${id}</p>`,
  createdAt: new Date(Date.UTC(2026, 11, 1, 6, 54)),
  editedAt: null,
  removedReason: null,
  heldReason: null,
});

const render = (comments: PublicComment[]) =>
  renderToStaticMarkup(createElement(CommentSection, { comments, slug: 'a-post', page: 1, order: 'oldest' }));

describe('the comment section', () => {
  it('says there are no comments once, in the heading', () => {
    const html = render([]);
    expect(html).toContain('0 comments');
    expect(html).not.toMatch(/no comments yet/i);
  });

  it('shows a like count only when someone liked the comment', () => {
    const html = render([comment(1, 0), comment(2, 1), comment(3, 4)]);
    expect(html).not.toContain('0 likes');
    expect(html).toContain('1 like<');
    expect(html).toContain('4 likes');
    expect(html.match(/\d+ likes?</g)).toHaveLength(2);
  });

  it('writes dates in the one date style, with the exact time and zone on hover', () => {
    const html = render([comment(1, 0)]);
    expect(html).toContain('title="1 December 2026, 06:54 UTC"');
    expect(html).toContain('>1 December 2026</time>');
  });
});
