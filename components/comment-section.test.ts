import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { PublicComment } from '@/db/queries/comments';
import { visitorState, type ViewerState } from '@/lib/policies/viewer-state';
import { CommentSection } from './comment-section';
import { ViewerProvider } from './viewer-context';

// In the app these are server action references; rendering needs only something to put in `action`.
vi.mock('@/app/posts/[slug]/actions', () => ({
  editCommentAction: vi.fn(),
  deleteCommentAction: vi.fn(),
  toggleLikeAction: vi.fn(),
  reportCommentAction: vi.fn(),
}));
vi.mock('@/app/moderation/actions', () => ({ moderateCommentsAction: vi.fn() }));

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

const render = (comments: PublicComment[], state: ViewerState = visitorState) =>
  renderToStaticMarkup(
    createElement(
      ViewerProvider,
      { postId: 7, slug: 'a-post', here: '/posts/a-post', initial: state },
      createElement(CommentSection, { comments, slug: 'a-post', page: 1, order: 'oldest', postOpen: true }),
    ),
  );

const reader = (changes: Partial<ViewerState>): ViewerState => ({
  ...visitorState,
  user: { id: 'user-2', name: 'Person 2' },
  ...changes,
});

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

  it('writes dates in the one date style, leaving the hover text to the browser', () => {
    const html = render([comment(1, 0)]);
    expect(html).toContain('<time dateTime="2026-12-01T06:54:00.000Z" data-relative="">1 December 2026</time>');
    expect(html).not.toContain('title=');
  });

  it('gives everyone the same controls in the shared page, and no one’s data', () => {
    const html = render([comment(1, 0), comment(2, 0)]);
    expect(html.match(/>Like</g)).toHaveLength(2);
    expect(html.match(/>Reply</g)).toHaveLength(2);
    expect(html.match(/>Report</g)).toHaveLength(2);
    expect(html).not.toMatch(/>(Edit|Delete|Unlike|Reported|Remove)</);
    expect(html).not.toContain('user-1');
    expect(html).not.toContain('Moderation:');
  });

  it('turns the controls into the viewer’s own: Edit and Delete on their comment, Unlike and Reported on others', () => {
    const html = render(
      [comment(1, 0), comment(2, 0), comment(3, 0)],
      reader({ own: [{ id: 2, editableUntil: Date.now() + 60_000 }], liked: [1], reported: [3] }),
    );
    const second = html.slice(html.indexOf('id="comment-2"'), html.indexOf('id="comment-3"'));
    expect(second).toContain('>Edit<');
    expect(second).toContain('>Delete<');
    expect(second).not.toContain('>Like<');
    expect(html.match(/>Edit</g)).toHaveLength(1);
    expect(html).toMatch(/aria-pressed="true"[^>]*>Unlike</);
    expect(html).toContain('>Reported<');
  });

  it('gives moderators Remove under every comment and shows them held comments', () => {
    const held = {
      id: 9,
      parentId: null,
      status: 'held' as const,
      authorId: 'user-5',
      authorName: 'Person 5',
      authorHandle: 'person-5',
      authorImage: null,
      bodyHtml: '<p>Waiting here</p>',
      createdAt: new Date().toISOString(),
      editedAt: null,
      removedReason: null,
      heldReason: 'links',
    };
    const html = render([comment(1, 0), comment(2, 0)], reader({ moderates: true, hidden: [held] }));
    expect(html.match(/>Remove</g)).toHaveLength(3);
    expect(html).toContain('Waiting here');
    expect(html).toContain('>Approve<');
    expect(render([comment(1, 0)], reader({}))).not.toContain('>Remove<');
  });
});
