import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  findRedirect,
  getEditablePost,
  listRevisions,
  publishDuePosts,
  nextScheduledTime,
} from '@/db/queries/authoring';
import { getPublishedPostBySlug } from '@/db/queries/posts';
import { createUser } from '@/lib/services/users';
import { posts, type Role } from '@/db/schema';
import { useTestDatabase } from '@/db/test-database';
import type { QuireDatabase } from '@/db/client';
import {
  discardChanges,
  emptyTrash,
  moveToTrash,
  restoreFromTrash,
  restoreRevision,
  savePost,
  snapshotOf,
  type WorkflowResult,
  createDraftPost,
} from './post-workflow';
import type { CurrentUser } from '../server/session';
import type { PostDocument, SavePostInput } from '../validations/post';

let db: QuireDatabase;
let author: CurrentUser;
let otherAuthor: CurrentUser;
let admin: CurrentUser;
let reader: CurrentUser;
let moderator: CurrentUser;

function user(role: Role, handle: string): CurrentUser {
  const created = createUser({ name: handle, handle, email: `${handle}@example.test`, role });
  return { ...created };
}

const now = new Date('2026-11-27T10:00:00Z');

function document(patch: Partial<PostDocument> = {}): PostDocument {
  return {
    title: 'A title',
    markdown: 'Some *text*.',
    slug: '',
    excerpt: '',
    labels: [],
    coverImage: '',
    coverAlt: '',
    seoTitle: '',
    seoDescription: '',
    commentsOpen: true,
    ...patch,
  };
}

function saved(result: WorkflowResult) {
  if (result.kind !== 'saved') throw new Error(`Expected a save, got ${result.kind}: ${result.message}`);
  return result;
}

function save(who: CurrentUser | null, postId: number, input: Partial<SavePostInput> = {}, at = now) {
  const post = getEditablePost({ id: postId })!;
  return savePost(
    who,
    {
      postId,
      baseVersion: post.version,
      sessionId: 'session-aaaa-1',
      intent: 'autosave',
      document: document(),
      ...input,
    },
    at,
  );
}

beforeEach(() => {
  db = useTestDatabase();
  author = user('author', 'writer');
  otherAuthor = user('author', 'rival');
  admin = user('admin', 'boss');
  reader = user('reader', 'reader');
  moderator = user('moderator', 'mod');
});

describe('who may save', () => {
  it('lets the post’s author and admins save, and refuses everyone else', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    for (const who of [null, reader, moderator, otherAuthor]) {
      const result = save(who, id, { document: document({ title: 'Hijacked' }) });
      expect(result.kind).toBe('refused');
    }
    expect(getEditablePost({ id })!.title).toBe('');
    expect(saved(save(author, id)).snapshot.document.title).toBe('A title');
    expect(saved(save(admin, id, { document: document({ title: 'Edited by admin' }) })).snapshot.document.title).toBe(
      'Edited by admin',
    );
  });

  it('refuses an author demoted to reader on the next save', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    expect(save({ ...author, role: 'reader' }, id).kind).toBe('refused');
  });
});

describe('autosave and conflicts', () => {
  it('writes a draft’s text to the post, keeps one revision per editing session, and raises the version', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    const first = saved(save(author, id, { document: document({ markdown: 'One' }) }));
    const second = saved(save(author, id, { document: document({ markdown: 'One two' }) }));
    expect(second.snapshot.version).toBe(first.snapshot.version + 1);
    expect(getEditablePost({ id })!.bodyMarkdown).toBe('One two');
    expect(listRevisions({ postId: id })).toHaveLength(1);
    saved(save(author, id, { sessionId: 'session-bbbb-2', document: document({ markdown: 'Other tab' }) }));
    expect(listRevisions({ postId: id })).toHaveLength(2);
  });

  it('refuses to overwrite a newer copy: a stale version gets a conflict with the server’s text', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    const base = getEditablePost({ id })!.version;
    saved(save(author, id, { baseVersion: base, document: document({ markdown: 'Tab one' }) }));
    const stale = savePost(author, {
      postId: id,
      baseVersion: base,
      sessionId: 'session-bbbb-2',
      intent: 'autosave',
      document: document({ markdown: 'Tab two' }),
    });
    expect(stale.kind).toBe('conflict');
    if (stale.kind === 'conflict') expect(stale.snapshot.document.markdown).toBe('Tab one');
    expect(getEditablePost({ id })!.bodyMarkdown).toBe('Tab one');
    // Choosing "keep mine" overwrites on purpose.
    const overwrite = savePost(author, {
      postId: id,
      baseVersion: base,
      sessionId: 'session-bbbb-2',
      intent: 'autosave',
      overwrite: true,
      document: document({ markdown: 'Tab two' }),
    });
    expect(overwrite.kind).toBe('saved');
    expect(getEditablePost({ id })!.bodyMarkdown).toBe('Tab two');
  });

  it('keeps a published post’s live text until "Update", and can discard the pending edits', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    const published = saved(save(author, id, { intent: 'publish', document: document({ markdown: 'Live text' }) }));
    expect(published.tags).toEqual(expect.arrayContaining(['post-lists', 'posts', `post:${published.snapshot.slug}`]));
    const pending = saved(save(author, id, { document: document({ markdown: 'Half-written' }) }));
    expect(pending.tags).toEqual([]);
    expect(pending.snapshot.pendingChanges).toBe(true);
    expect(pending.snapshot.document.markdown).toBe('Half-written');
    expect(getPublishedPostBySlug({ slug: pending.snapshot.slug })!.bodyHtml).toContain('Live text');

    const discarded = saved(discardChanges(author, { postId: id }));
    expect(discarded.snapshot.document.markdown).toBe('Live text');
    saved(save(author, id, { document: document({ markdown: 'Finished text' }) }));
    const updated = saved(save(author, id, { intent: 'update', document: document({ markdown: 'Finished text' }) }));
    expect(updated.snapshot.pendingChanges).toBe(false);
    expect(getPublishedPostBySlug({ slug: updated.snapshot.slug })!.bodyHtml).toContain('Finished text');
    expect(getEditablePost({ id })!.updatedAt).not.toBeNull();
  });

  it('still saves the text when an autosave brings a slug another post has, and says so', () => {
    const taken = createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(save(author, taken, { document: document({ slug: 'taken-slug' }) }));
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    const result = saved(save(author, id, { document: document({ slug: 'taken-slug', markdown: 'Kept' }) }));
    expect(result.warnings?.slug).toMatch(/already uses/);
    expect(getEditablePost({ id })!.bodyMarkdown).toBe('Kept');
    expect(getEditablePost({ id })!.slug).not.toBe('taken-slug');
    expect(save(author, id, { intent: 'publish', document: document({ slug: 'taken-slug' }) }).kind).toBe('invalid');
  });
});

describe('publishing', () => {
  it('asks for a title before publishing', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    const result = save(author, id, { intent: 'publish', document: document({ title: '' }) });
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.errors.title).toMatch(/title/);
  });

  it('makes the slug from the title until publication, then keeps it; a changed slug redirects', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    expect(saved(save(author, id, { document: document({ title: 'First Try' }) })).snapshot.slug).toBe('first-try');
    const live = saved(save(author, id, { intent: 'publish', document: document({ title: 'Second Try' }) }));
    expect(live.snapshot.slug).toBe('second-try');
    expect(live.snapshot.document.slug).toBe('second-try');
    // A drafts' earlier slug was never public: no redirect for it.
    expect(findRedirect({ path: '/posts/first-try' })).toBeNull();
    const moved = saved(
      save(author, id, { intent: 'update', document: document({ title: 'Second Try', slug: 'moved-here' }) }),
    );
    expect(moved.tags).toEqual(expect.arrayContaining(['post:second-try', 'post:moved-here']));
    expect(findRedirect({ path: '/posts/second-try' })).toEqual({
      slug: 'moved-here',
      status: 'published',
      kind: 'post',
    });
  });

  it('schedules only into the future, and the due post is published by the timer’s query', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    const past = save(author, id, { intent: 'schedule', publishAt: '2026-11-27T09:00:00Z' });
    expect(past.kind).toBe('invalid');
    const scheduled = saved(save(author, id, { intent: 'schedule', publishAt: '2026-11-27T10:05:00Z' }));
    expect(scheduled.snapshot.status).toBe('scheduled');
    expect(scheduled.tags).toEqual([]);
    expect(nextScheduledTime()).toEqual(new Date('2026-11-27T10:05:00Z'));
    expect(publishDuePosts({ now: new Date('2026-11-27T10:04:59Z') })).toEqual([]);
    expect(publishDuePosts({ now: new Date('2026-11-27T10:05:00Z') })).toEqual(['a-title']);
    expect(getPublishedPostBySlug({ slug: 'a-title' })!.publishedAt).toEqual(new Date('2026-11-27T10:05:00Z'));
    expect(nextScheduledTime()).toBeNull();
  });

  it('unpublishes back to a draft and drops the public page', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(save(author, id, { intent: 'publish' }));
    const draft = saved(save(author, id, { intent: 'unpublish' }));
    expect(draft.snapshot.status).toBe('draft');
    expect(draft.tags).toContain('post:a-title');
    expect(getPublishedPostBySlug({ slug: 'a-title' })).toBeNull();
  });
});

describe('revisions', () => {
  it('restores an earlier revision as a new revision', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(save(author, id, { intent: 'publish', document: document({ markdown: 'Version one' }) }));
    saved(save(author, id, { intent: 'update', document: document({ markdown: 'Version two' }) }));
    const revisions = listRevisions({ postId: id });
    // Newest first: the last "publish" is the first one.
    const first = revisions.filter((revision) => revision.kind === 'publish').at(-1)!;
    const post = getEditablePost({ id })!;
    const restored = saved(restoreRevision(author, { postId: id, revisionId: first.id, baseVersion: post.version }));
    expect(restored.snapshot.document.markdown).toBe('Version one');
    expect(restored.snapshot.pendingChanges).toBe(true);
    expect(listRevisions({ postId: id }).filter((revision) => revision.kind === 'restore')).toHaveLength(1);
    expect(restoreRevision(otherAuthor, { postId: id, revisionId: first.id, baseVersion: post.version + 1 }).kind).toBe(
      'refused',
    );
  });
});

describe('trash', () => {
  it('hides a trashed post, restores it as a draft, and lets only admins empty the trash', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(save(author, id, { intent: 'publish' }));
    expect(moveToTrash(otherAuthor, { postId: id }).kind).toBe('refused');
    const trashed = saved(moveToTrash(author, { postId: id }));
    expect(trashed.tags).toContain('post:a-title');
    expect(getPublishedPostBySlug({ slug: 'a-title' })).toBeNull();
    expect(save(author, id).kind).toBe('refused');
    expect(saved(restoreFromTrash(author, { postId: id })).snapshot.status).toBe('draft');
    saved(moveToTrash(author, { postId: id }));
    expect(emptyTrash(author).ok).toBe(false);
    expect(emptyTrash(admin)).toMatchObject({ ok: true, deleted: 1 });
    expect(db.select().from(posts).where(eq(posts.id, id)).get()).toBeUndefined();
  });
});

describe('snapshots', () => {
  it('shows an auto slug as empty so it keeps following the title', () => {
    const id = createDraftPost({ authorId: author.id, commentsOpen: false });
    const snapshot = snapshotOf(getEditablePost({ id })!);
    expect(snapshot.document.slug).toBe('');
    expect(snapshot.document.commentsOpen).toBe(false);
    expect(snapshot.status).toBe('draft');
  });
});
