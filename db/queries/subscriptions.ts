import 'server-only';
import { and, asc, count, eq, gt, isNull, lt, lte, sql } from 'drizzle-orm';
import { getDb, write } from '../client';
import { postEmails, posts, subscribers, type Subscriber } from '../tables';

// Email subscriptions to new posts, and the queue of posts to announce (storage only; the rules and
// the sending are in lib/services/subscriptions.ts).

/** Adds a confirmed subscriber; an address already subscribed stays as it is (its first date kept). */
export async function addSubscriber({
  email,
  userId = null,
  now = new Date(),
}: {
  email: string;
  userId?: string | null;
  now?: Date;
}): Promise<void> {
  await write((db) => db.insert(subscribers).values({ email, userId, confirmedAt: now }).onConflictDoNothing());
}

export async function getSubscriber({ id }: { id: number }): Promise<Subscriber | null> {
  const [subscriber] = await getDb().select().from(subscribers).where(eq(subscribers.id, id)).limit(1);
  return subscriber ?? null;
}

export async function getSubscriberByEmail({ email }: { email: string }): Promise<Subscriber | null> {
  const [subscriber] = await getDb().select().from(subscribers).where(eq(subscribers.email, email)).limit(1);
  return subscriber ?? null;
}

export async function removeSubscriber({ id }: { id: number }): Promise<void> {
  await write((db) => db.delete(subscribers).where(eq(subscribers.id, id)));
}

export async function removeSubscriberByEmail({ email }: { email: string }): Promise<void> {
  await write((db) => db.delete(subscribers).where(eq(subscribers.email, email)));
}

export async function countSubscribers(): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(subscribers);
  return row?.n ?? 0;
}

/** Every subscriber for the admins' CSV export, oldest first (only confirmed addresses are stored). */
export async function listSubscribersForExport(): Promise<Pick<Subscriber, 'email' | 'confirmedAt' | 'userId'>[]> {
  return getDb()
    .select({ email: subscribers.email, confirmedAt: subscribers.confirmedAt, userId: subscribers.userId })
    .from(subscribers)
    .orderBy(asc(subscribers.confirmedAt), asc(subscribers.id));
}

/**
 * Queues a newly published post for the subscribers. At most one row per post ever (the primary
 * key): publishing again after an unpublish, or a second call, queues nothing. Call it inside the
 * publishing transaction where there is one, so the post and its queue entry commit together.
 */
export async function queuePostEmail({ postId, now = new Date() }: { postId: number; now?: Date }): Promise<void> {
  await write((db) => db.insert(postEmails).values({ postId, queuedAt: now }).onConflictDoNothing());
}

export type PostEmailJob = {
  postId: number;
  queuedAt: Date;
  sentThrough: number;
  failures: number;
  slug: string;
  title: string;
  excerpt: string;
  bodyHtml: string;
  bodyText: string;
  status: string;
};

/** The oldest post whose announcement is not finished. */
export async function nextPostEmailJob(): Promise<PostEmailJob | null> {
  const [job] = await getDb()
    .select({
      postId: postEmails.postId,
      queuedAt: postEmails.queuedAt,
      sentThrough: postEmails.sentThrough,
      failures: postEmails.failures,
      slug: posts.slug,
      title: posts.title,
      excerpt: posts.excerpt,
      bodyHtml: posts.bodyHtml,
      bodyText: posts.bodyText,
      status: posts.status,
    })
    .from(postEmails)
    .innerJoin(posts, eq(posts.id, postEmails.postId))
    .where(isNull(postEmails.finishedAt))
    .orderBy(asc(postEmails.queuedAt))
    .limit(1);
  return job ?? null;
}

/**
 * The next subscribers in line for a post, in id order after `after`: only those confirmed by the
 * time the post was queued (someone who subscribes later starts with the next post).
 */
export async function listSubscribersAfter({
  after,
  confirmedBy,
  limit,
}: {
  after: number;
  confirmedBy: Date;
  limit: number;
}): Promise<Pick<Subscriber, 'id' | 'email'>[]> {
  return getDb()
    .select({ id: subscribers.id, email: subscribers.email })
    .from(subscribers)
    .where(and(gt(subscribers.id, after), lte(subscribers.confirmedAt, confirmedBy)))
    .orderBy(asc(subscribers.id))
    .limit(limit);
}

/** One subscriber dealt with (mailed, or skipped after failing): the queue moves past them. */
export async function advancePostEmail({
  postId,
  subscriberId,
  sent,
}: {
  postId: number;
  subscriberId: number;
  sent: boolean;
}): Promise<void> {
  await write((db) =>
    db
      .update(postEmails)
      .set({
        sentThrough: subscriberId,
        sent: sent ? sql`${postEmails.sent} + 1` : postEmails.sent,
        failures: 0,
      })
      // Never backwards: a sender that lost its lease mid-batch cannot undo another's progress.
      .where(and(eq(postEmails.postId, postId), lt(postEmails.sentThrough, subscriberId))),
  );
}

export async function recordPostEmailFailure({ postId, error }: { postId: number; error: string }): Promise<void> {
  await write((db) =>
    db
      .update(postEmails)
      .set({ failures: sql`${postEmails.failures} + 1`, lastError: error.slice(0, 500) })
      .where(eq(postEmails.postId, postId)),
  );
}

export async function finishPostEmail({ postId, now = new Date() }: { postId: number; now?: Date }): Promise<void> {
  await write((db) => db.update(postEmails).set({ finishedAt: now }).where(eq(postEmails.postId, postId)));
}

export async function getPostEmail({ postId }: { postId: number }) {
  const [postEmail] = await getDb().select().from(postEmails).where(eq(postEmails.postId, postId)).limit(1);
  return postEmail ?? null;
}
