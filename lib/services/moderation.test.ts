import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { onPostgres } from '@/db/dialect';
import { rawRun } from '@/db/client';
import { beforeEach, describe, expect, it } from 'vitest';
import type { QuireDatabase } from '@/db/client';
import { listCommentsForViewer, reportComment } from '@/db/queries/comments';
import { createComment } from '@/lib/services/comments';
import { listModerationLog, listQueue, queueCounts } from '@/db/queries/moderation';
import { createPost } from '@/lib/services/posts';
import { deleteOwnAccount, getUserById } from '@/db/queries/users';
import { createUser } from '@/lib/services/users';
import { comments, moderationLog, users, type Role } from '@/db/tables';
import { useTestDatabase } from '@/db/test-database';
import {
  banUser,
  changeRole,
  deleteAccount,
  hideIfReportedEnough,
  moderateComments,
  unbanUser,
  updateRules,
} from './moderation';
import { defaultModerationRules } from '../policies/moderation-policy';
import type { CurrentUser } from '../server/session';

let db: QuireDatabase;
const people = {} as Record<'reader' | 'author' | 'moderator' | 'admin' | 'other', CurrentUser>;
let postId: number;

async function user(role: Role, handle: string): Promise<CurrentUser> {
  return createUser({ name: handle, handle, email: `${handle}@example.test`, role });
}

beforeEach(async () => {
  db = await useTestDatabase();
  people.reader = await user('reader', 'reader');
  people.author = await user('author', 'author');
  people.moderator = await user('moderator', 'moderator');
  people.admin = await user('admin', 'admin');
  people.other = await user('reader', 'other');
  postId = (await createPost({ title: 'A post', markdown: 'Body', authorId: people.author.id, status: 'published' }))
    .id;
});

const comment = async (authorId: string, status: 'visible' | 'pending' = 'visible') =>
  (await createComment({ postId, authorId, markdown: `Words by ${authorId}`, status })).id;

describe('who may moderate', () => {
  it('refuses visitors, readers and authors; lets moderators and admins', async () => {
    const id = await comment(people.reader.id);
    for (const who of [null, people.reader, people.author]) {
      expect((await moderateComments(who, { ids: [id], action: 'remove' })).ok).toBe(false);
    }
    expect((await moderateComments(people.moderator, { ids: [id], action: 'remove', reason: 'Spam' })).ok).toBe(true);
    expect((await moderateComments(people.admin, { ids: [id], action: 'restore' })).ok).toBe(true);
  });

  it('keeps purging, roles and rules to admins', async () => {
    const id = await comment(people.reader.id);
    expect((await moderateComments(people.moderator, { ids: [id], action: 'purge' })).ok).toBe(false);
    expect((await changeRole(people.moderator, { userId: people.reader.id, role: 'author' })).ok).toBe(false);
    expect((await updateRules(people.moderator, defaultModerationRules)).ok).toBe(false);
    expect((await changeRole(people.admin, { userId: people.reader.id, role: 'author' })).ok).toBe(true);
    expect((await getUserById({ id: people.reader.id }))!.role).toBe('author');
    expect((await moderateComments(people.admin, { ids: [id], action: 'purge' })).ok).toBe(true);
    expect((await db.select().from(comments).where(eq(comments.id, id)))[0]!).toBeUndefined();
  });

  it('lets only admins ban moderators, and nobody ban themselves', async () => {
    expect((await banUser(people.moderator, { userId: people.admin.id, duration: '1d', reason: 'x' })).ok).toBe(false);
    expect((await banUser(people.moderator, { userId: people.moderator.id, duration: '1d', reason: 'x' })).ok).toBe(
      false,
    );
    expect((await banUser(people.admin, { userId: people.moderator.id, duration: '1d', reason: 'x' })).ok).toBe(true);
  });
});

describe('admins changing admins', () => {
  const admins = async () => (await db.select().from(users).where(eq(users.role, 'admin'))).map((row) => row.id);

  it('of two admins demoting each other at once, one does: an admin is left', async () => {
    const second = await user('admin', 'second-admin');
    const answers = await Promise.all([
      changeRole(people.admin, { userId: second.id, role: 'reader' }),
      changeRole(second, { userId: people.admin.id, role: 'reader' }),
    ]);
    expect(answers.map((answer) => answer.ok).sort()).toEqual([false, true]);
    expect(answers.find((answer) => !answer.ok)?.message).toBe(
      'You are no longer an admin: another admin changed your role.',
    );
    expect(await admins()).toHaveLength(1);
    expect(await db.select().from(moderationLog).where(eq(moderationLog.action, 'change-role'))).toHaveLength(1);
  });

  it('of two admins deleting each other at once, one does: an admin is left', async () => {
    const second = await user('admin', 'second-admin');
    const answers = await Promise.all([
      deleteAccount(people.admin, { userId: second.id }),
      deleteAccount(second, { userId: people.admin.id }),
    ]);
    expect(answers.map((answer) => answer.ok).sort()).toEqual([false, true]);
    expect(await admins()).toHaveLength(1);
  });

  it('the last admin cannot delete their own account (with another admin they can), nor an author of posts', async () => {
    expect(await deleteOwnAccount({ userId: people.admin.id })).toBe('last-admin');
    expect(await admins()).toEqual([people.admin.id]);
    const second = await user('admin', 'second-admin');
    expect(await deleteOwnAccount({ userId: people.admin.id })).toBe('deleted');
    expect(await admins()).toEqual([second.id]);
    expect(await deleteOwnAccount({ userId: people.reader.id })).toBe('deleted');
    expect(await deleteOwnAccount({ userId: people.author.id })).toBe('has-posts');
  });
});

describe('deleting accounts while they write', () => {
  // SQLite has one writer: a save cannot land inside the deletion there, so this is PostgreSQL's.
  it.skipIf(!onPostgres)(
    'a post saved for an account while it is deleted is waited for: "has posts", not a 500',
    async () => {
      // The save is under way (its row written, not yet committed) when the deletion starts.
      const saving = await (db.$client as unknown as pg.Pool).connect();
      try {
        await saving.query('begin');
        await saving.query('update posts set author_id = $1 where id = $2', [people.reader.id, postId]);
        const deleting = deleteOwnAccount({ userId: people.reader.id });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await saving.query('commit');
        expect(await deleting).toBe('has-posts');
      } finally {
        saving.release();
      }
      expect(await getUserById({ id: people.reader.id })).not.toBeNull();
    },
  );
});

describe('removing and restoring', () => {
  it('shows a removed comment as a placeholder to readers, with its text to its author and moderators', async () => {
    const id = await comment(people.reader.id);
    await moderateComments(people.moderator, { ids: [id], action: 'remove', reason: 'Off-topic' });
    const forEveryone = (await listCommentsForViewer({ postId, viewer: null })).find((c) => c.id === id)!;
    expect(forEveryone).toMatchObject({ status: 'removed', bodyHtml: '', authorName: '', removedReason: null });
    const forAuthor = (
      await listCommentsForViewer({ postId, viewer: { userId: people.reader.id, moderates: false } })
    ).find((c) => c.id === id)!;
    expect(forAuthor.bodyHtml).toContain('Words by');
    expect(forAuthor.removedReason).toBe('Off-topic');
    const forOther = (
      await listCommentsForViewer({ postId, viewer: { userId: people.other.id, moderates: false } })
    ).find((c) => c.id === id)!;
    expect(forOther.bodyHtml).toBe('');
    const forModerator = await listCommentsForViewer({
      postId,
      viewer: { userId: people.moderator.id, moderates: true },
    });
    expect(forModerator.find((c) => c.id === id)!.bodyHtml).toContain('Words by');
  });

  it('shows a held comment only to its author and moderators', async () => {
    const id = await comment(people.reader.id, 'pending');
    expect((await listCommentsForViewer({ postId, viewer: null })).some((c) => c.id === id)).toBe(false);
    expect(
      (await listCommentsForViewer({ postId, viewer: { userId: people.other.id, moderates: false } })).some(
        (c) => c.id === id,
      ),
    ).toBe(false);
    expect(
      (await listCommentsForViewer({ postId, viewer: { userId: people.reader.id, moderates: false } })).find(
        (c) => c.id === id,
      )?.status,
    ).toBe('held');
    const approved = await moderateComments(people.moderator, { ids: [id], action: 'approve' });
    expect(approved).toMatchObject({ ok: true, approved: [id] });
    // Its post's pages and the listings' comment counts; not every list of posts (Popular posts is on every page).
    expect(approved.tags).toEqual(['post:a-post', 'comment-counts']);
    expect((await listCommentsForViewer({ postId, viewer: null })).find((c) => c.id === id)?.status).toBe('visible');
  });

  it('acts on many comments at once and logs each, saying it was a bulk action', async () => {
    const ids = [await comment(people.reader.id), await comment(people.other.id), await comment(people.reader.id)];
    const result = await moderateComments(people.moderator, { ids, action: 'remove', reason: 'Spam' });
    expect(result.message).toBe('Removed 3 comments.');
    const log = await listModerationLog({ action: 'remove', page: 1, perPage: 10 });
    expect(log.total).toBe(3);
    expect(log.items.every((entry) => entry.details.includes('bulk') && entry.reason === 'Spam')).toBe(true);
    expect(log.items[0]!.actorName).toBe('moderator');
  });

  it('of two moderators approving the same comment at once, one approves it: one log entry, one set of emails', async () => {
    const id = await comment(people.reader.id, 'pending');
    const second = await user('moderator', 'second');
    const results = await Promise.all(
      [people.moderator, second].map((moderator) => moderateComments(moderator, { ids: [id], action: 'approve' })),
    );
    // Both had read it held; the second to write finds it approved and changes nothing.
    const approvals = results.filter((result) => result.ok && result.approved.includes(id));
    expect(approvals).toHaveLength(1);
    expect((await listModerationLog({ action: 'approve', page: 1, perPage: 10 })).total).toBe(1);
  });

  it('never lets the log be changed or deleted', async () => {
    await moderateComments(people.moderator, { ids: [await comment(people.reader.id)], action: 'remove' });
    // The database's own refusal, which the driver's error carries as its cause.
    const refusal = (work: PromiseLike<unknown>) =>
      Promise.resolve(work).then(
        () => 'done',
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(await refusal(db.update(moderationLog).set({ reason: 'edited' }))).toMatch(/cannot be changed/);
    expect(await refusal(db.delete(moderationLog))).toMatch(/cannot be changed/);
    expect(await refusal(rawRun(db, sql`delete from moderation_log`))).toMatch(/cannot be changed/);
    expect((await listModerationLog({ page: 1, perPage: 5 })).items[0]!.reason).toBe('');
  });
});

describe('reports', () => {
  it('hides a comment into the queue at three reports from different readers; dismissing brings it back', async () => {
    const id = await comment(people.author.id);
    const reporters = [people.reader, people.other, await user('reader', 'third')];
    for (const [index, reporter] of reporters.entries()) {
      await reportComment({ commentId: id, userId: reporter.id, reason: 'spam', details: '' });
      expect(await hideIfReportedEnough(id)).toBe(index === 2);
    }
    expect(await queueCounts()).toMatchObject({ reported: 1, held: 1, open: 1 });
    const reported = await listQueue({ tab: 'reported', page: 1, perPage: 10 });
    expect(reported.items[0]).toMatchObject({ id, heldReason: 'reports' });
    expect(reported.items[0]!.reports).toHaveLength(3);
    await moderateComments(people.moderator, { ids: [id], action: 'dismiss-reports' });
    expect(await queueCounts()).toMatchObject({ reported: 0, held: 0, open: 0 });
    expect((await listCommentsForViewer({ postId, viewer: null })).find((c) => c.id === id)?.status).toBe('visible');
  });
});

describe('bans', () => {
  it('bans for a period, optionally removing every visible comment in the same step, and lifts the ban', async () => {
    const ids = [await comment(people.reader.id), await comment(people.reader.id)];
    const now = new Date('2026-11-27T12:00:00Z');
    const result = await banUser(
      people.moderator,
      { userId: people.reader.id, duration: '7d', reason: 'Spamming', removeComments: true },
      now,
    );
    expect(result.ok).toBe(true);
    expect(result.message).toContain('2 comments removed');
    expect((await getUserById({ id: people.reader.id }))!.bannedUntil).toEqual(new Date('2026-12-04T12:00:00Z'));
    for (const id of ids) {
      expect((await db.select({ status: comments.status }).from(comments).where(eq(comments.id, id)))[0]!.status).toBe(
        'removed',
      );
    }
    expect((await listModerationLog({ action: 'ban', page: 1, perPage: 5 })).items[0]!.details).toContain(
      'removed 2 comments',
    );
    expect((await unbanUser(people.moderator, { userId: people.reader.id })).ok).toBe(true);
    expect((await getUserById({ id: people.reader.id }))!.bannedUntil).toBeNull();
  });
});
