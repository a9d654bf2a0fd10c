import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  getCommentEmailState,
  getCommentForEmails,
  isFollowingPost,
  listCommentsAfter,
  listPostFollowers,
  claimCommentEmail,
  recordCommentEmail,
  releaseCommentEmail,
  unfollowPost,
} from '@/db/queries/follows';
import { listQueueWatchers } from '@/db/queries/moderation';
import { getSubscriber, removeSubscriber } from '@/db/queries/subscriptions';
import { getUserById, setNotificationPreferences } from '@/db/queries/users';
import { cacheTags } from '../policies/cache-tags';
import { COMMENT_EMAIL_MINUTES, planCommentEmails, type CommentEmailPerson } from '../policies/comment-emails';
import { absoluteUrl } from '../server/env';
import { logger } from '../server/logger';
import { sendMail, type Mail } from '../server/mailer';
import { ensureSecret } from '../server/secrets';
import escapeHtml from 'escape-html';

// Emails about comments and posts: replies to one's comment, new comments on a followed post or on
// one's own post, comments entering the moderation queue, and (lib/services/subscriptions.ts) new
// posts. Every one carries a signed one-click unsubscribe link (and RFC 8058 headers). Sending never
// fails the action that caused it.

export const unsubscribeKinds = ['replies', 'queue', 'post-comments', 'follow', 'posts'] as const;
export type UnsubscribeKind = (typeof unsubscribeKinds)[number];

/**
 * What an unsubscribe link names: `u` is an account id, or a subscriber's id for `posts`; `p` is the
 * followed post for `follow`.
 */
export type UnsubscribeLink = { u: string; k: UnsubscribeKind; p?: number };

function signature({ u, k, p }: UnsubscribeLink): string {
  const subject = k === 'follow' ? `${u}:${p ?? ''}` : u;
  return createHmac('sha256', ensureSecret('auth')).update(`unsubscribe:${k}:${subject}`).digest('base64url');
}

/** A link that turns one kind of email off without signing in; it names the account and is signed. */
export function unsubscribeUrl(link: UnsubscribeLink, path = '/unsubscribe'): string {
  const query = new URLSearchParams({ u: link.u, k: link.k, ...(link.p ? { p: String(link.p) } : {}) });
  query.set('t', signature(link));
  return absoluteUrl(`${path}?${query.toString()}`);
}

export function verifyUnsubscribe(link: UnsubscribeLink, token: string): boolean {
  if (link.k === 'follow' && !link.p) return false;
  const expected = Buffer.from(signature(link));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The List-Unsubscribe headers of a mail (RFC 2369 and RFC 8058 one-click). */
export function unsubscribeHeaders(link: UnsubscribeLink): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(link, '/api/unsubscribe')}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const whatItStops: Record<UnsubscribeKind, string> = {
  replies: 'replies to your comments',
  queue: 'comments entering the moderation queue',
  'post-comments': 'new comments on your posts',
  follow: 'new comments on this post',
  posts: 'new posts',
};

/** For the unsubscribe page: what the link stops, to which address, and whether it is still on. */
export async function describeUnsubscribe(
  link: UnsubscribeLink,
): Promise<{ what: string; address: string | null; on: boolean }> {
  const what = link.k === 'follow' ? 'new comments on a post you follow' : whatItStops[link.k];
  if (link.k === 'posts') {
    const subscriber = await getSubscriber({ id: Number(link.u) });
    return { what, address: subscriber?.email ?? null, on: subscriber !== null };
  }
  const person = await getUserById({ id: link.u });
  if (!person) return { what, address: null, on: false };
  const on =
    link.k === 'replies'
      ? person.notifyReplies
      : link.k === 'queue'
        ? person.notifyQueue
        : link.k === 'post-comments'
          ? person.notifyPostComments
          : await isFollowingPost({ userId: link.u, postId: link.p! });
  return { what, address: person.email, on };
}

/** Carries out an unsubscribe link; returns the cache tags the caller drops (see lib/policies/cache-tags.ts). */
export async function unsubscribe(link: UnsubscribeLink): Promise<string[]> {
  switch (link.k) {
    case 'replies':
      await setNotificationPreferences({ userId: link.u, notifyReplies: false });
      return [];
    case 'queue':
      await setNotificationPreferences({ userId: link.u, notifyQueue: false });
      return [];
    case 'post-comments':
      await setNotificationPreferences({ userId: link.u, notifyPostComments: false });
      return [];
    case 'follow':
      // The post page's "Stop emailing me" becomes "Email me new comments" for this reader.
      await unfollowPost({ userId: link.u, postId: link.p! });
      return [cacheTags.viewers(link.p!)];
    case 'posts':
      await removeSubscriber({ id: Number(link.u) });
      return [];
  }
}

export async function deliver(mail: Mail): Promise<boolean> {
  try {
    await sendMail(mail);
    return true;
  } catch (error) {
    logger.error(
      { error: error instanceof Error ? error.message : String(error) },
      'A notification email could not be sent.',
    );
    return false;
  }
}

const excerptOf = (body: string, length = 500) => (body.length > length ? `${body.slice(0, length)}…` : body);

type CommentForEmails = NonNullable<Awaited<ReturnType<typeof getCommentForEmails>>>;

function replyMail(comment: CommentForEmails, to: CommentEmailPerson): Mail {
  const who = comment.authorName ?? comment.authorHandle ?? 'Someone';
  const link = absoluteUrl(`/comments/${comment.id}`);
  const stop = { u: to.userId, k: 'replies' as const };
  const excerpt = excerptOf(comment.body);
  return {
    to: to.email!,
    subject: `${who} replied to your comment on “${comment.postTitle}”`,
    text: `${who} replied to your comment on “${comment.postTitle}”:\n\n${excerpt}\n\nRead and answer: ${link}\n\nStop emails about replies: ${unsubscribeUrl(stop)}\n`,
    html: `<p>${escapeHtml(who)} replied to your comment on “${escapeHtml(comment.postTitle)}”:</p><blockquote>${escapeHtml(excerpt).replace(/\n/g, '<br>')}</blockquote><p><a href="${escapeHtml(link)}">Read and answer</a></p><p style="font-size:small"><a href="${escapeHtml(unsubscribeUrl(stop))}">Stop emails about replies</a></p>`,
    headers: unsubscribeHeaders(stop),
  };
}

/**
 * The "new comment" email: the comment that triggered it, then (briefly) the comments this person
 * was not emailed about because of the throttle. A follower's link stops following this post; the
 * post's author's link turns off emails about comments on their posts.
 */
function newCommentMail(
  comment: CommentForEmails,
  to: CommentEmailPerson,
  earlier: Awaited<ReturnType<typeof listCommentsAfter>>,
): Mail {
  const who = comment.authorName ?? comment.authorHandle ?? 'Someone';
  const link = absoluteUrl(`/comments/${comment.id}`);
  const own = to.userId === comment.postAuthorId;
  const stop: UnsubscribeLink = own
    ? { u: to.userId, k: 'post-comments' }
    : { u: to.userId, k: 'follow', p: comment.postId };
  const stopLabel = own ? 'Stop emails about comments on your posts' : 'Stop following this post';
  const where = own ? `your post “${comment.postTitle}”` : `“${comment.postTitle}”`;
  const excerpt = excerptOf(comment.body);
  const also = earlier.map((row) => ({
    who: row.authorName ?? row.authorHandle ?? 'Someone',
    excerpt: excerptOf(row.body, 140),
    link: absoluteUrl(`/comments/${row.id}`),
  }));
  const alsoText = also.length
    ? `\n\nAlso new since our last email (we send at most one every ${COMMENT_EMAIL_MINUTES} minutes per post):\n${also.map((item) => `- ${item.who}: ${item.excerpt} ${item.link}`).join('\n')}`
    : '';
  const alsoHtml = also.length
    ? `<p>Also new since our last email (we send at most one every ${COMMENT_EMAIL_MINUTES} minutes per post):</p><ul>${also.map((item) => `<li>${escapeHtml(item.who)}: <a href="${escapeHtml(item.link)}">${escapeHtml(item.excerpt)}</a></li>`).join('')}</ul>`
    : '';
  return {
    to: to.email!,
    subject: `${who} commented on ${where}`,
    text: `${who} commented on ${where}:\n\n${excerpt}\n\nRead the comment: ${link}${alsoText}\n\n${stopLabel}: ${unsubscribeUrl(stop)}\n`,
    html: `<p>${escapeHtml(who)} commented on ${escapeHtml(where)}:</p><blockquote>${escapeHtml(excerpt).replace(/\n/g, '<br>')}</blockquote><p><a href="${escapeHtml(link)}">Read the comment</a></p>${alsoHtml}<p style="font-size:small"><a href="${escapeHtml(unsubscribeUrl(stop))}">${escapeHtml(stopLabel)}</a></p>`,
    headers: unsubscribeHeaders(stop),
  };
}

/**
 * Called once a comment is visible (posted visible, or approved from the queue): one email to the
 * person replied to, and one to each follower and the post's author, throttled per person and post
 * (lib/policies/comment-emails.ts). A held comment calls nothing until it is approved.
 */
export async function notifyNewComment(commentId: number, now = new Date()): Promise<void> {
  const comment = await getCommentForEmails({ commentId });
  if (!comment || comment.postStatus !== 'published') return;
  const followers = await listPostFollowers({ postId: comment.postId });
  const candidates = [...followers.map((f) => f.userId), comment.postAuthorId];
  const state = await getCommentEmailState({ postId: comment.postId, userIds: candidates });
  const plan = planCommentEmails({
    commenterId: comment.authorId,
    repliedTo:
      comment.repliedToId && comment.repliedToWants
        ? { userId: comment.repliedToId, email: comment.repliedToEmail }
        : null,
    followers,
    postAuthor: comment.postAuthorWants ? { userId: comment.postAuthorId, email: comment.postAuthorEmail } : null,
    lastEmailed: new Map([...state].map(([userId, row]) => [userId, row.sentAt])),
    now,
  });
  if (plan.reply && (await deliver(replyMail(comment, plan.reply)))) {
    await recordCommentEmail({ userId: plan.reply.userId, postId: comment.postId, commentId: comment.id, now });
  }
  for (const person of plan.comment) {
    const last = state.get(person.userId) ?? null;
    const slot = { userId: person.userId, postId: comment.postId, commentId: comment.id, now, previous: last };
    // Another comment's email to them went first (two comments at once): this one is in their next.
    if (!(await claimCommentEmail(slot))) continue;
    // Only comments this person was held back from: none when they were never emailed about the post.
    const earlier = last
      ? await listCommentsAfter({
          postId: comment.postId,
          afterId: last.lastCommentId,
          beforeId: comment.id,
          exceptAuthor: person.userId,
          limit: 10,
        })
      : [];
    if (!(await deliver(newCommentMail(comment, person, earlier)))) await releaseCommentEmail(slot);
  }
  if (plan.throttled.length > 0) {
    logger.info(
      { commentId, people: plan.throttled.length },
      'Comment emails held back by the throttle; the next email lists them.',
    );
  }
}

/** Tells the moderators who asked that a comment is waiting in the queue. */
export async function notifyQueue(commentId: number, why: string): Promise<void> {
  const watchers = await listQueueWatchers();
  if (watchers.length === 0) return;
  const link = absoluteUrl('/moderation');
  for (const watcher of watchers) {
    const stop = { u: watcher.id, k: 'queue' as const };
    await deliver({
      to: watcher.email,
      subject: `A comment is waiting in the moderation queue`,
      text: `Comment ${commentId} entered the queue: ${why}\n\nOpen the queue: ${link}\n\nStop these emails: ${unsubscribeUrl(stop)}\n`,
      html: `<p>Comment ${commentId} entered the queue: ${escapeHtml(why)}</p><p><a href="${escapeHtml(link)}">Open the queue</a></p><p style="font-size:small"><a href="${escapeHtml(unsubscribeUrl(stop))}">Stop these emails</a></p>`,
      headers: unsubscribeHeaders(stop),
    });
  }
}
