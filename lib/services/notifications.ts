import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { listQueueWatchers } from '@/db/queries/moderation';
import { comments, posts, users } from '@/db/schema';
import { absoluteUrl } from '../server/env';
import { logger } from '../server/logger';
import { sendMail } from '../server/mailer';
import { ensureSecret } from '../server/secrets';
import escapeHtml from 'escape-html';

// Emails about comments: replies to one's comment (on by default, one-click unsubscribe) and, for
// moderators who asked, comments entering the queue. Sending never fails the action that caused it.

export type UnsubscribeKind = 'replies' | 'queue';

function signature(userId: string, kind: UnsubscribeKind): string {
  return createHmac('sha256', ensureSecret('auth')).update(`unsubscribe:${kind}:${userId}`).digest('base64url');
}

/** A link that turns one kind of email off without signing in; it names the account and is signed. */
export function unsubscribeUrl(userId: string, kind: UnsubscribeKind, path = '/unsubscribe'): string {
  const query = new URLSearchParams({ u: userId, k: kind, t: signature(userId, kind) });
  return absoluteUrl(`${path}?${query.toString()}`);
}

export function verifyUnsubscribe(userId: string, kind: UnsubscribeKind, token: string): boolean {
  const expected = Buffer.from(signature(userId, kind));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function unsubscribe(userId: string, kind: UnsubscribeKind): void {
  getDb()
    .update(users)
    .set(kind === 'replies' ? { notifyReplies: false } : { notifyQueue: false })
    .where(eq(users.id, userId))
    .run();
}

async function deliver(mail: Parameters<typeof sendMail>[0]): Promise<void> {
  try {
    await sendMail(mail);
  } catch (error) {
    logger.error(
      { error: error instanceof Error ? error.message : String(error) },
      'A notification email could not be sent.',
    );
  }
}

/** Tells a comment's author that someone replied, unless they replied to themselves or opted out. */
export async function notifyReply(replyId: number): Promise<void> {
  const db = getDb();
  const reply = db
    .select({
      id: comments.id,
      parentId: comments.parentId,
      authorId: comments.authorId,
      body: comments.bodyMarkdown,
      postSlug: posts.slug,
      postTitle: posts.title,
      replierName: users.name,
      replierHandle: users.handle,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.id, replyId), eq(comments.status, 'visible')))
    .get();
  if (!reply?.parentId) return;
  const parent = db
    .select({ authorId: comments.authorId, email: users.email, notify: users.notifyReplies, name: users.name })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.id, reply.parentId), eq(comments.status, 'visible')))
    .get();
  if (!parent?.authorId || !parent.email || !parent.notify || parent.authorId === reply.authorId) return;
  const who = reply.replierName ?? reply.replierHandle ?? 'Someone';
  const link = absoluteUrl(`/comments/${reply.id}`);
  const stop = unsubscribeUrl(parent.authorId, 'replies');
  const excerpt = reply.body.length > 500 ? `${reply.body.slice(0, 500)}…` : reply.body;
  await deliver({
    to: parent.email,
    subject: `${who} replied to your comment on “${reply.postTitle}”`,
    text: `${who} replied to your comment on “${reply.postTitle}”:\n\n${excerpt}\n\nRead and answer: ${link}\n\nStop emails about replies: ${stop}\n`,
    html: `<p>${escapeHtml(who)} replied to your comment on “${escapeHtml(reply.postTitle)}”:</p><blockquote>${escapeHtml(excerpt).replace(/\n/g, '<br>')}</blockquote><p><a href="${escapeHtml(link)}">Read and answer</a></p><p style="font-size:small"><a href="${escapeHtml(stop)}">Stop emails about replies</a></p>`,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl(parent.authorId, 'replies', '/api/unsubscribe')}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
}

/** Tells the moderators who asked that a comment is waiting in the queue. */
export async function notifyQueue(commentId: number, why: string): Promise<void> {
  const watchers = listQueueWatchers();
  if (watchers.length === 0) return;
  const link = absoluteUrl('/moderation');
  for (const watcher of watchers) {
    await deliver({
      to: watcher.email,
      subject: `A comment is waiting in the moderation queue`,
      text: `Comment ${commentId} entered the queue: ${why}\n\nOpen the queue: ${link}\n`,
      html: `<p>Comment ${commentId} entered the queue: ${escapeHtml(why)}</p><p><a href="${escapeHtml(link)}">Open the queue</a></p>`,
    });
  }
}
