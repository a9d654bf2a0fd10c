import { beforeEach, describe, expect, it } from 'vitest';
import { findRedirect, getEditablePost, listDashboardPosts } from '@/db/queries/authoring';
import { listLabelsWithPosts } from '@/db/queries/labels';
import { getPublishedPageBySlug } from '@/db/queries/posts';
import { createUser } from '@/lib/services/users';
import { useTestDatabase } from '@/db/test-database';
import { cacheTags } from '../policies/cache-tags';
import type { CurrentUser } from '../server/session';
import type { PostDocument, SavePostInput } from '../validations/post';
import { createDraftPost, moveToTrash, savePost, type WorkflowResult } from './post-workflow';

// Pages go through the posts' editor and workflow; these are the differences.
const now = new Date('2026-11-27T10:00:00Z');
let author: CurrentUser;

function document(patch: Partial<PostDocument> = {}): PostDocument {
  return {
    title: 'About',
    markdown: 'Who we are.',
    slug: 'about',
    excerpt: '',
    labels: ['Garden'],
    coverImage: '',
    coverAlt: '',
    seoTitle: '',
    seoDescription: '',
    commentsOpen: true,
    ...patch,
  };
}

function save(postId: number, input: Partial<SavePostInput> = {}): WorkflowResult {
  return savePost(
    author,
    {
      postId,
      baseVersion: getEditablePost({ id: postId })!.version,
      sessionId: 'session-page-1',
      intent: 'publish',
      document: document(),
      ...input,
    },
    now,
  );
}

beforeEach(() => {
  useTestDatabase();
  author = { ...createUser({ name: 'Writer', handle: 'writer', email: 'writer@example.test', role: 'author' }) };
});

describe('a page in the workflow', () => {
  it('publishes at /pages/<slug> without labels or comments, refreshing its address and the menu only', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true, kind: 'page' });
    const result = save(id);
    if (result.kind !== 'saved') throw new Error(result.message);
    expect(result.snapshot.kind).toBe('page');
    // The draft's address until now was made from its empty title.
    expect(result.tags.sort()).toEqual([cacheTags.menu, cacheTags.post('about'), cacheTags.post('untitled')].sort());
    expect(result.tags).not.toContain(cacheTags.postLists);
    const page = getPublishedPageBySlug({ slug: 'about' })!;
    expect(page.commentsOpen).toBe(false);
    expect(page.labels).toEqual([]);
    expect(listLabelsWithPosts()).toEqual([]);
  });

  it('refreshes only its own address when republished under the same slug, and the menu when the slug moves', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: false, kind: 'page' });
    save(id);
    const update = save(id, { intent: 'update', document: document({ markdown: 'Who we are now.' }) });
    expect(update.tags).toEqual([cacheTags.post('about')]);
    const moved = save(id, { intent: 'update', document: document({ slug: 'about-us' }) });
    expect(moved.tags.sort()).toEqual([cacheTags.menu, cacheTags.post('about-us'), cacheTags.post('about')].sort());
    expect(findRedirect({ path: '/pages/about' })).toMatchObject({ slug: 'about-us', kind: 'page' });
    expect(findRedirect({ path: '/posts/about' })).toBeNull();
  });

  it('cannot be scheduled', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: false, kind: 'page' });
    const result = save(id, { intent: 'schedule', publishAt: new Date(now.getTime() + 86_400_000).toISOString() });
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.errors.publishAt).toMatch(/only posts can be scheduled/);
    expect(getEditablePost({ id })!.status).toBe('draft');
  });

  it('empties the menu’s pages when a published page goes to the trash', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: false, kind: 'page' });
    save(id);
    expect(moveToTrash(author, { postId: id }).tags).toContain(cacheTags.menu);
  });

  it('is listed with pages on the dashboard, not with posts', () => {
    const pageId = createDraftPost({ authorId: author.id, commentsOpen: false, kind: 'page' });
    const postId = createDraftPost({ authorId: author.id, commentsOpen: true });
    const ids = (kind?: 'post' | 'page') =>
      listDashboardPosts({ kind, filter: 'all', page: 1, perPage: 10 }).items.map((item) => item.id);
    expect(ids()).toEqual([postId]);
    expect(ids('page')).toEqual([pageId]);
  });
});
