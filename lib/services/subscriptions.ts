import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getSiteSettings } from '@/db/queries/settings';
import {
  addSubscriber,
  advancePostEmail,
  finishPostEmail,
  listSubscribersAfter,
  nextPostEmailJob,
  recordPostEmailFailure,
  type PostEmailJob,
} from '@/db/queries/subscriptions';
import { acquireJobLease, releaseJobLease } from '@/db/queries/job-leases';
import { absoluteUrl } from '../server/env';
import { leaseHolder } from '../server/lease-holder';
import { logger } from '../server/logger';
import { onShutdown } from '../server/shutdown.mjs';
import { sendMail, type Mail } from '../server/mailer';
import { ensureSecret } from '../server/secrets';
import { unsubscribeHeaders, unsubscribeUrl } from './notifications';
import escapeHtml from 'escape-html';

// "Follow by email": double opt-in subscriptions to new posts, and the queue that emails each new
// post to the subscribers.
//
// The confirmation link is signed and carries the address and its expiry, so nothing is stored for
// an address until its owner opens the link: an unconfirmed address is never mailed again, and the
// form's answer (and the work behind it) is the same whether or not the address is subscribed.

export const SUBSCRIBE_LINK_HOURS = 48;
/** Tries per subscriber before the queue skips them (an address the mail server refuses). */
export const MAX_SEND_TRIES = 3;
const BATCH_SIZE = 50;
const RETRY_MS = 60_000;
/**
 * With several app servers, one mails at a time: the lease is taken before each batch of BATCH_SIZE
 * subscribers, for longer than a batch takes even when each send waits for a slow mail server.
 */
const MAIL_LEASE = 'post-emails';
export const MAIL_LEASE_MS = 10 * 60_000;

function confirmSignature(email: string, expires: number): string {
  return createHmac('sha256', ensureSecret('auth')).update(`subscribe:${email}:${expires}`).digest('base64url');
}

export function subscribeConfirmUrl(email: string, now = new Date()): string {
  const expires = now.getTime() + SUBSCRIBE_LINK_HOURS * 3_600_000;
  const query = new URLSearchParams({ email, expires: String(expires), token: confirmSignature(email, expires) });
  return absoluteUrl(`/subscribe/confirm?${query.toString()}`);
}

export type Confirmation = { email: string; expires: number; token: string };

export function verifyConfirmation({ email, expires, token }: Confirmation, now = new Date()): boolean {
  if (!Number.isSafeInteger(expires) || expires <= now.getTime()) return false;
  const expected = Buffer.from(confirmSignature(email, expires));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The confirmation link's button: subscribes the address if the link is good and unexpired. */
export async function confirmSubscription(confirmation: Confirmation, now = new Date()): Promise<boolean> {
  if (!verifyConfirmation(confirmation, now)) return false;
  await addSubscriber({ email: confirmation.email, now });
  return true;
}

/**
 * The mail the subscribe form sends: the same to every address, subscribed or not (confirming an
 * address already subscribed changes nothing), so neither the page nor the mail's arrival tells a
 * stranger anything about who is subscribed.
 */
export async function subscribeConfirmMail(email: string, now = new Date()): Promise<Mail> {
  const { title } = await getSiteSettings();
  const url = subscribeConfirmUrl(email, now);
  const closing = `The link works for ${SUBSCRIBE_LINK_HOURS} hours. If you did not ask for this, ignore this mail: nothing will be sent to you.`;
  return {
    to: email,
    subject: `Confirm your subscription to ${title}`,
    text: `Someone (we hope you) asked to get new posts from ${title} by email. Open this link to confirm:\n\n${url}\n\n${closing}\n`,
    html: `<p>Someone (we hope you) asked to get new posts from ${escapeHtml(title)} by email.</p><p><a href="${escapeHtml(url)}">Confirm your subscription</a></p><p>${escapeHtml(closing)}</p>`,
  };
}

/** A signed-in reader subscribing from their account: at once when their address is verified. */
export async function subscribeAccount(user: {
  id: string;
  email: string | null;
  emailVerified: Date | null;
}): Promise<'subscribed' | { confirm: Mail } | 'no-address'> {
  if (!user.email) return 'no-address';
  if (!user.emailVerified) return { confirm: await subscribeConfirmMail(user.email) };
  await addSubscriber({ email: user.email, userId: user.id });
  return 'subscribed';
}

/** The signature of a /subscriptions link: it names one address, and only the server can make it. */
function manageSignature(email: string): string {
  return createHmac('sha256', ensureSecret('auth')).update(`manage-subscription:${email}`).digest('base64url');
}

/** The page where a subscriber sees and ends their subscription, no account needed (the link is the key). */
export function manageSubscriptionPath(email: string): string {
  return `/subscriptions?${new URLSearchParams({ email, t: manageSignature(email) }).toString()}`;
}

export function verifyManageLink({ email, t }: { email: string; t: string }): boolean {
  const expected = Buffer.from(manageSignature(email));
  const given = Buffer.from(t);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The post's already-sanitised HTML with its site-relative links and images made absolute (a mail
 * client has no base URL). `srcset` lists several URLs, each made absolute.
 */
export function absolutePostHtml(html: string): string {
  return html
    .replace(
      / (src|href)="(\/(?!\/)[^"]*)"/g,
      (_match, name: string, path: string) => ` ${name}="${absoluteUrl(path)}"`,
    )
    .replace(/ srcset="([^"]*)"/g, (_match, list: string) => {
      const items = list.split(',').map((item) => item.trim().replace(/^\/(?!\/)\S*/, (path) => absoluteUrl(path)));
      return ` srcset="${items.join(', ')}"`;
    });
}

export async function newPostMail(
  job: Pick<PostEmailJob, 'slug' | 'title' | 'excerpt' | 'bodyHtml' | 'bodyText'>,
  subscriber: { id: number; email: string },
): Promise<Mail> {
  const { title: site, newPostEmailBody } = await getSiteSettings();
  const link = absoluteUrl(`/posts/${job.slug}`);
  const stop = { u: String(subscriber.id), k: 'posts' as const };
  const stopUrl = unsubscribeUrl(stop);
  const manageUrl = absoluteUrl(manageSubscriptionPath(subscriber.email));
  const full = newPostEmailBody === 'full';
  const bodyText = full ? job.bodyText : job.excerpt;
  // Full text: the post's HTML as stored (sanitised when it was saved); everything else is escaped.
  const bodyHtml = full ? absolutePostHtml(job.bodyHtml) : `<p>${escapeHtml(job.excerpt)}</p>`;
  return {
    to: subscriber.email,
    subject: `${job.title} · ${site}`,
    text: `${job.title}\n\n${bodyText}\n\nRead it: ${link}\n\nYou get this because you follow ${site} by email. Manage your subscription: ${manageUrl}\nUnsubscribe: ${stopUrl}\n`,
    html: `<h1>${escapeHtml(job.title)}</h1>${bodyHtml}<p><a href="${escapeHtml(link)}">Read “${escapeHtml(job.title)}”</a></p><p style="font-size:small">You get this because you follow ${escapeHtml(site)} by email. <a href="${escapeHtml(manageUrl)}">Manage your subscription</a> · <a href="${escapeHtml(stopUrl)}">Unsubscribe</a></p>`,
    headers: unsubscribeHeaders(stop),
  };
}

// One sender per server process; the state is on globalThis because Next can load this module
// more than once (instrumentation and the app each have their own module graph), as the scheduler does.
const state = globalThis as unknown as {
  quirePostEmails?: { running: boolean; stopped?: boolean; timer?: NodeJS.Timeout };
};
const sender = (state.quirePostEmails ??= { running: false });

/**
 * On the way out (SIGTERM): no new round, and a running one ends after the mail it is sending, so its
 * lease is given up and another server carries on at once, before this one closes its database. A mail
 * server that is slow to answer is waited for `waitMs` at most: the other tasks on the way out (buffered
 * views, the scheduler's lease) must not wait behind it; the lease then runs out on its own.
 */
export async function stopPostEmails(waitMs = STOP_WAIT_MS): Promise<void> {
  sender.stopped = true;
  clearTimeout(sender.timer);
  sender.timer = undefined;
  const deadline = Date.now() + waitMs;
  while (sender.running && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
const STOP_WAIT_MS = 2_000;
onShutdown('post-emails', stopPostEmails);

/**
 * Starts emailing queued posts in the background (after `delayMs`): never awaited by whoever
 * published, so a slow or failing mail server cannot block or fail a publish.
 */
export function kickPostEmails(delayMs = 0): void {
  if (sender.timer || sender.stopped) return;
  sender.timer = setTimeout(() => {
    sender.timer = undefined;
    sendQueuedPostEmails().catch((error: unknown) => {
      logger.error({ err: error }, 'Emailing new posts stopped; trying again in a minute.');
      kickPostEmails(RETRY_MS);
    });
  }, delayMs);
  sender.timer.unref();
}

/**
 * Works through the queue, oldest post first, subscribers in id order. Each subscriber's send is
 * recorded before the next one, so a restart resumes after the last one mailed (at worst the one
 * being sent when the process died gets it twice). A failing send is tried again a minute later;
 * after MAX_SEND_TRIES that subscriber is skipped, so one bad address cannot stop everyone's mail.
 */
export async function sendQueuedPostEmails(
  send: (mail: Mail) => Promise<unknown> = sendMail,
  holder: string = leaseHolder,
): Promise<void> {
  if (sender.running) return;
  sender.running = true;
  let leased = false;
  try {
    while (!sender.stopped) {
      if (!(await acquireJobLease({ name: MAIL_LEASE, holder, ttlMs: MAIL_LEASE_MS }))) {
        // Another server is mailing; it finishes the queue. Looked at again later, in case it stopped.
        kickPostEmails(RETRY_MS);
        return;
      }
      leased = true;
      const job = await nextPostEmailJob();
      if (!job) return;
      // Unpublished or trashed before its turn: the subscribers are not told about it.
      if (job.status !== 'published') {
        await finishPostEmail({ postId: job.postId });
        continue;
      }
      const batch = await listSubscribersAfter({
        after: job.sentThrough,
        confirmedBy: job.queuedAt,
        limit: BATCH_SIZE,
      });
      if (batch.length === 0) {
        await finishPostEmail({ postId: job.postId });
        logger.info({ post: job.slug }, 'A new post was emailed to its subscribers.');
        continue;
      }
      let tries = job.failures;
      for (const subscriber of batch) {
        if (sender.stopped) return;
        try {
          await send(await newPostMail(job, subscriber));
          await advancePostEmail({ postId: job.postId, subscriberId: subscriber.id, sent: true });
          tries = 0;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (++tries >= MAX_SEND_TRIES) {
            logger.error({ post: job.slug, subscriber: subscriber.id }, `A new-post email was given up: ${message}`);
            await advancePostEmail({ postId: job.postId, subscriberId: subscriber.id, sent: false });
            tries = 0;
            continue;
          }
          await recordPostEmailFailure({ postId: job.postId, error: message });
          logger.warn({ post: job.slug }, `A new-post email failed; trying again in a minute: ${message}`);
          kickPostEmails(RETRY_MS);
          return;
        }
      }
    }
  } finally {
    if (leased) await releaseJobLease({ name: MAIL_LEASE, holder }).catch(() => {});
    sender.running = false;
  }
}
