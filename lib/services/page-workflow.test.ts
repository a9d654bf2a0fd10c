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

async function save(postId: number, input: Partial<SavePostInput> = {}): Promise<WorkflowResult> {
  return savePost(
    author,
    {
      postId,
      baseVersion: (await getEditablePost({ id: postId }))!.version,
      sessionId: 'session-page-1',
      intent: 'publish',
      document: document(),
      ...input,
    },
    now,
  );
}

beforeEach(async () => {
  await useTestDatabase();
  author = {
    ...(await createUser({ name: 'Writer', handle: 'writer', email: 'writer@example.test', role: 'author' })),
  };
});

describe('a page in the workflow', () => {
  it('publishes at /pages/<slug> without labels or comments, refreshing its address and the menu only', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true, kind: 'page' });
    const result = await save(id);
    if (result.kind !== 'saved') throw new Error(result.message);
    expect(result.snapshot.kind).toBe('page');
    // The draft's address until now was made from its empty title.
    expect(result.tags.sort()).toEqual([cacheTags.menu, cacheTags.post('about'), cacheTags.post('untitled')].sort());
    expect(result.tags).not.toContain(cacheTags.postLists);
    const page = (await getPublishedPageBySlug({ slug: 'about' }))!;
    expect(page.commentsOpen).toBe(false);
    expect(page.labels).toEqual([]);
    expect(await listLabelsWithPosts()).toEqual([]);
  });

  it('refreshes only its own address when republished under the same slug, and the menu when the slug moves', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: false, kind: 'page' });
    await save(id);
    const update = await save(id, { intent: 'update', document: document({ markdown: 'Who we are now.' }) });
    expect(update.tags).toEqual([cacheTags.post('about')]);
    const moved = await save(id, { intent: 'update', document: document({ slug: 'about-us' }) });
    expect(moved.tags.sort()).toEqual([cacheTags.menu, cacheTags.post('about-us'), cacheTags.post('about')].sort());
    expect(await findRedirect({ path: '/pages/about' })).toMatchObject({ slug: 'about-us', kind: 'page' });
    expect(await findRedirect({ path: '/posts/about' })).toBeNull();
  });

  it('cannot be scheduled', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: false, kind: 'page' });
    const result = await save(id, {
      intent: 'schedule',
      publishAt: new Date(now.getTime() + 86_400_000).toISOString(),
    });
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.errors.publishAt).toMatch(/only posts can be scheduled/);
    expect((await getEditablePost({ id }))!.status).toBe('draft');
  });

  it('empties the menu’s pages when a published page goes to the trash', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: false, kind: 'page' });
    await save(id);
    expect((await moveToTrash(author, { postId: id })).tags).toContain(cacheTags.menu);
  });

  it('is listed with pages on the dashboard, not with posts', async () => {
    const pageId = await createDraftPost({ authorId: author.id, commentsOpen: false, kind: 'page' });
    const postId = await createDraftPost({ authorId: author.id, commentsOpen: true });
    const ids = async (kind?: 'post' | 'page') =>
      (await listDashboardPosts({ kind, filter: 'all', page: 1, perPage: 10 })).items.map((item) => item.id);
    expect(await ids()).toEqual([postId]);
    expect(await ids('page')).toEqual([pageId]);
  });
});
