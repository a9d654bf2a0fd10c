import { eq } from 'drizzle-orm';
import type pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  findRedirect,
  getEditablePost,
  listRevisions,
  publishDuePosts,
  nextScheduledTime,
  PostChanged,
  saveEditorRevision,
} from '@/db/queries/authoring';
import { getPublishedPostBySlug } from '@/db/queries/posts';
import { createUser } from '@/lib/services/users';
import { posts, type Role } from '@/db/tables';
import { useTestDatabase } from '@/db/test-database';
import type { QuireDatabase } from '@/db/client';
import { onPostgres } from '@/db/dialect';
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

async function user(role: Role, handle: string): Promise<CurrentUser> {
  const created = await createUser({ name: handle, handle, email: `${handle}@example.test`, role });
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

async function save(who: CurrentUser | null, postId: number, input: Partial<SavePostInput> = {}, at = now) {
  const post = (await getEditablePost({ id: postId }))!;
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

beforeEach(async () => {
  db = await useTestDatabase();
  author = await user('author', 'writer');
  otherAuthor = await user('author', 'rival');
  admin = await user('admin', 'boss');
  reader = await user('reader', 'reader');
  moderator = await user('moderator', 'mod');
});

describe('who may save', () => {
  it('lets the post’s author and admins save, and refuses everyone else', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    for (const who of [null, reader, moderator, otherAuthor]) {
      const result = await save(who, id, { document: document({ title: 'Hijacked' }) });
      expect(result.kind).toBe('refused');
    }
    expect((await getEditablePost({ id }))!.title).toBe('');
    expect(saved(await save(author, id)).snapshot.document.title).toBe('A title');
    expect(
      saved(await save(admin, id, { document: document({ title: 'Edited by admin' }) })).snapshot.document.title,
    ).toBe('Edited by admin');
  });

  it('refuses an author demoted to reader on the next save', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    expect((await save({ ...author, role: 'reader' }, id)).kind).toBe('refused');
  });
});

describe('autosave and conflicts', () => {
  it('writes a draft’s text to the post, keeps one revision per editing session, and raises the version', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    const first = saved(await save(author, id, { document: document({ markdown: 'One' }) }));
    const second = saved(await save(author, id, { document: document({ markdown: 'One two' }) }));
    expect(second.snapshot.version).toBe(first.snapshot.version + 1);
    expect((await getEditablePost({ id }))!.bodyMarkdown).toBe('One two');
    expect(await listRevisions({ postId: id })).toHaveLength(1);
    saved(await save(author, id, { sessionId: 'session-bbbb-2', document: document({ markdown: 'Other tab' }) }));
    expect(await listRevisions({ postId: id })).toHaveLength(2);
  });

  it('refuses to overwrite a newer copy: a stale version gets a conflict with the server’s text', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    const base = (await getEditablePost({ id }))!.version;
    saved(await save(author, id, { baseVersion: base, document: document({ markdown: 'Tab one' }) }));
    const stale = await savePost(author, {
      postId: id,
      baseVersion: base,
      sessionId: 'session-bbbb-2',
      intent: 'autosave',
      document: document({ markdown: 'Tab two' }),
    });
    expect(stale.kind).toBe('conflict');
    if (stale.kind === 'conflict') expect(stale.snapshot.document.markdown).toBe('Tab one');
    expect((await getEditablePost({ id }))!.bodyMarkdown).toBe('Tab one');
    // Choosing "keep mine" overwrites on purpose.
    const overwrite = await savePost(author, {
      postId: id,
      baseVersion: base,
      sessionId: 'session-bbbb-2',
      intent: 'autosave',
      overwrite: true,
      document: document({ markdown: 'Tab two' }),
    });
    expect(overwrite.kind).toBe('saved');
    expect((await getEditablePost({ id }))!.bodyMarkdown).toBe('Tab two');
  });

  it('keeps a published post’s live text until "Update", and can discard the pending edits', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    const published = saved(
      await save(author, id, { intent: 'publish', document: document({ markdown: 'Live text' }) }),
    );
    expect(published.tags).toEqual(expect.arrayContaining(['post-lists', 'posts', `post:${published.snapshot.slug}`]));
    const pending = saved(await save(author, id, { document: document({ markdown: 'Half-written' }) }));
    expect(pending.tags).toEqual([]);
    expect(pending.snapshot.pendingChanges).toBe(true);
    expect(pending.snapshot.document.markdown).toBe('Half-written');
    expect((await getPublishedPostBySlug({ slug: pending.snapshot.slug }))!.bodyHtml).toContain('Live text');

    const discarded = saved(await discardChanges(author, { postId: id }));
    expect(discarded.snapshot.document.markdown).toBe('Live text');
    saved(await save(author, id, { document: document({ markdown: 'Finished text' }) }));
    const updated = saved(
      await save(author, id, { intent: 'update', document: document({ markdown: 'Finished text' }) }),
    );
    expect(updated.snapshot.pendingChanges).toBe(false);
    expect((await getPublishedPostBySlug({ slug: updated.snapshot.slug }))!.bodyHtml).toContain('Finished text');
    expect((await getEditablePost({ id }))!.updatedAt).not.toBeNull();
  });

  it('still saves the text when an autosave brings a slug another post has, and says so', async () => {
    const taken = await createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(await save(author, taken, { document: document({ slug: 'taken-slug' }) }));
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    const result = saved(await save(author, id, { document: document({ slug: 'taken-slug', markdown: 'Kept' }) }));
    expect(result.warnings?.slug).toMatch(/already uses/);
    expect((await getEditablePost({ id }))!.bodyMarkdown).toBe('Kept');
    expect((await getEditablePost({ id }))!.slug).not.toBe('taken-slug');
    expect((await save(author, id, { intent: 'publish', document: document({ slug: 'taken-slug' }) })).kind).toBe(
      'invalid',
    );
  });
});

describe('posts begun at the same moment', () => {
  // On PostgreSQL transactions run side by side: the slug's choice and its write must not race.
  it('each new draft gets a slug of its own', async () => {
    const ids = await Promise.all(
      Array.from({ length: 6 }, () => createDraftPost({ authorId: author.id, commentsOpen: true })),
    );
    const slugs = await Promise.all(ids.map(async (id) => (await getEditablePost({ id }))!.slug));
    expect(new Set(slugs).size).toBe(6);
    expect(slugs).toContain('untitled');
  });

  it('drafts titled alike at the same moment each get a slug of their own', async () => {
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => createDraftPost({ authorId: author.id, commentsOpen: true })),
    );
    const results = await Promise.all(
      ids.map((id) => save(author, id, { document: document({ title: 'Same title' }) })),
    );
    results.forEach(saved);
    const slugs = await Promise.all(ids.map(async (id) => (await getEditablePost({ id }))!.slug));
    expect(new Set(slugs).size).toBe(4);
    expect(slugs).toContain('same-title');
  });

  it('posts given the same new label at the same moment share one label', async () => {
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => createDraftPost({ authorId: author.id, commentsOpen: true })),
    );
    const results = await Promise.all(
      ids.map((id, index) =>
        save(author, id, {
          document: document({ title: `Post ${index}`, slug: `night-${index}`, labels: ['Night Garden'] }),
        }),
      ),
    );
    results.forEach(saved);
    const labelled = await Promise.all(ids.map(async (id) => (await getEditablePost({ id }))!.labels));
    expect(labelled).toEqual(Array.from({ length: 4 }, () => ['Night Garden']));
  });
});

describe('two tabs saving at the same moment', () => {
  it('saves one and answers the other with a conflict, whichever the intent', async () => {
    for (const intent of ['autosave', 'publish'] as const) {
      const postId = await createDraftPost({ authorId: author.id, commentsOpen: true });
      const base = (await getEditablePost({ id: postId }))!.version;
      const results = await Promise.all(
        ['Tab one', 'Tab two'].map((title) =>
          // Both tabs opened the post at the same version.
          save(author, postId, { intent, baseVersion: base, document: document({ title, markdown: title }) }),
        ),
      );
      expect(results.map((result) => result.kind).sort()).toEqual(['conflict', 'saved']);
      const post = (await getEditablePost({ id: postId }))!;
      expect(post.version).toBe(base + 1);
      // The conflict shows the text that was saved, for the author to compare.
      const conflict = results.find((result) => result.kind === 'conflict')!;
      expect(conflict.kind === 'conflict' && conflict.snapshot.version).toBe(post.version);
    }
  });

  it('never writes over a post changed after the save read it: the write itself checks the version', async () => {
    const postId = await createDraftPost({ authorId: author.id, commentsOpen: true });
    // What a save had read when another one wrote first.
    const stale = (await getEditablePost({ id: postId }))!;
    const write = (title: string, sessionId: string) =>
      saveEditorRevision({
        post: stale,
        userId: author.id,
        document: document({ title }),
        revision: { sessionId },
        prepared: null,
        now,
      });
    await write('First', 'session-aaaa-1');
    await expect(write('Second', 'session-bbbb-2')).rejects.toBeInstanceOf(PostChanged);
    expect((await getEditablePost({ id: postId }))!.version).toBe(stale.version + 1);
  });
});

describe('publishing', () => {
  it('asks for a title before publishing', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    const result = await save(author, id, { intent: 'publish', document: document({ title: '' }) });
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.errors.title).toMatch(/title/);
  });

  it('makes the slug from the title until publication, then keeps it; a changed slug redirects', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    expect(saved(await save(author, id, { document: document({ title: 'First Try' }) })).snapshot.slug).toBe(
      'first-try',
    );
    const live = saved(await save(author, id, { intent: 'publish', document: document({ title: 'Second Try' }) }));
    expect(live.snapshot.slug).toBe('second-try');
    expect(live.snapshot.document.slug).toBe('second-try');
    // A drafts' earlier slug was never public: no redirect for it.
    expect(await findRedirect({ path: '/posts/first-try' })).toBeNull();
    const moved = saved(
      await save(author, id, { intent: 'update', document: document({ title: 'Second Try', slug: 'moved-here' }) }),
    );
    expect(moved.tags).toEqual(expect.arrayContaining(['post:second-try', 'post:moved-here']));
    expect(await findRedirect({ path: '/posts/second-try' })).toEqual({
      slug: 'moved-here',
      status: 'published',
      kind: 'post',
    });
  });

  it('schedules only into the future, and the due post is published by the timer’s query', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    const past = await save(author, id, { intent: 'schedule', publishAt: '2026-11-27T09:00:00Z' });
    expect(past.kind).toBe('invalid');
    const scheduled = saved(await save(author, id, { intent: 'schedule', publishAt: '2026-11-27T10:05:00Z' }));
    expect(scheduled.snapshot.status).toBe('scheduled');
    expect(scheduled.tags).toEqual([]);
    expect(await nextScheduledTime()).toEqual(new Date('2026-11-27T10:05:00Z'));
    expect(await publishDuePosts({ now: new Date('2026-11-27T10:04:59Z') })).toEqual([]);
    expect(await publishDuePosts({ now: new Date('2026-11-27T10:05:00Z') })).toEqual(['a-title']);
    expect((await getPublishedPostBySlug({ slug: 'a-title' }))!.publishedAt).toEqual(new Date('2026-11-27T10:05:00Z'));
    expect(await nextScheduledTime()).toBeNull();
  });

  it('unpublishes back to a draft and drops the public page', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(await save(author, id, { intent: 'publish' }));
    const draft = saved(await save(author, id, { intent: 'unpublish' }));
    expect(draft.snapshot.status).toBe('draft');
    expect(draft.tags).toContain('post:a-title');
    expect(await getPublishedPostBySlug({ slug: 'a-title' })).toBeNull();
  });
});

describe('revisions', () => {
  it('restores an earlier revision as a new revision', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(await save(author, id, { intent: 'publish', document: document({ markdown: 'Version one' }) }));
    saved(await save(author, id, { intent: 'update', document: document({ markdown: 'Version two' }) }));
    const revisions = await listRevisions({ postId: id });
    // Newest first: the last "publish" is the first one.
    const first = revisions.filter((revision) => revision.kind === 'publish').at(-1)!;
    const post = (await getEditablePost({ id }))!;
    const restored = saved(
      await restoreRevision(author, { postId: id, revisionId: first.id, baseVersion: post.version }),
    );
    expect(restored.snapshot.document.markdown).toBe('Version one');
    expect(restored.snapshot.pendingChanges).toBe(true);
    expect((await listRevisions({ postId: id })).filter((revision) => revision.kind === 'restore')).toHaveLength(1);
    expect(
      (await restoreRevision(otherAuthor, { postId: id, revisionId: first.id, baseVersion: post.version + 1 })).kind,
    ).toBe('refused');
  });
});

describe('trash', () => {
  it('hides a trashed post, restores it as a draft, and lets only admins empty the trash', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(await save(author, id, { intent: 'publish' }));
    expect((await moveToTrash(otherAuthor, { postId: id })).kind).toBe('refused');
    const trashed = saved(await moveToTrash(author, { postId: id }));
    expect(trashed.tags).toContain('post:a-title');
    expect(await getPublishedPostBySlug({ slug: 'a-title' })).toBeNull();
    expect((await save(author, id)).kind).toBe('refused');
    expect(saved(await restoreFromTrash(author, { postId: id })).snapshot.status).toBe('draft');
    saved(await moveToTrash(author, { postId: id }));
    expect((await emptyTrash(author)).ok).toBe(false);
    expect(await emptyTrash(admin)).toMatchObject({ ok: true, deleted: 1 });
    expect((await db.select().from(posts).where(eq(posts.id, id)))[0]!).toBeUndefined();
  });

  // SQLite has one writer: a restore and the emptying cannot interleave there, so this is PostgreSQL's.
  it.skipIf(!onPostgres)('a post restored while the trash is being emptied stays', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: true });
    saved(await moveToTrash(author, { postId: id }));
    // The restore is under way in another transaction (its row locked, not yet committed) when the
    // emptying starts; it commits while the emptying waits for that row.
    const restoring = await (db.$client as unknown as pg.Pool).connect();
    try {
      await restoring.query('begin');
      await restoring.query(`update posts set status = 'draft', trashed_at = null where id = $1`, [id]);
      const emptying = emptyTrash(admin);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await restoring.query('commit');
      expect(await emptying).toMatchObject({ ok: true, deleted: 0 });
    } finally {
      restoring.release();
    }
    expect((await db.select().from(posts).where(eq(posts.id, id)))[0]?.status).toBe('draft');
  });
});

describe('snapshots', () => {
  it('shows an auto slug as empty so it keeps following the title', async () => {
    const id = await createDraftPost({ authorId: author.id, commentsOpen: false });
    const snapshot = await snapshotOf((await getEditablePost({ id }))!);
    expect(snapshot.document.slug).toBe('');
    expect(snapshot.document.commentsOpen).toBe(false);
    expect(snapshot.status).toBe('draft');
  });
});
