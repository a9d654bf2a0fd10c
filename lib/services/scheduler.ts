import 'server-only';
import { nextScheduledTime, publishDuePosts } from '@/db/queries/authoring';
import { acquireJobLease, releaseJobLease } from '@/db/queries/job-leases';
import { leaseHolder } from '../server/lease-holder';
import { cacheTags } from '../policies/cache-tags';
import { logger } from '../server/logger';
import { notifyServer } from '../server/notify-server';
import { onShutdown } from '../server/shutdown.mjs';
import { kickPostEmails } from './subscriptions';

// Scheduled posts go live from inside the server: no cron, no outside call. One timer waits for
// the next scheduled time; when it fires, the due posts are published and their pages refreshed.
// With several app servers on one database, each has the timer, and a lease row decides which one
// runs the tick: the holder keeps it while it runs, another takes over once it has run out.

const MAX_WAIT_MS = 60 * 60 * 1000;
const LEASE_NAME = 'scheduler';
export const SCHEDULER_LEASE_MS = 60_000;
/** How soon a server refused the lease looks again (the holder may have stopped without giving it up). */
const LEASE_RETRY_MS = 5_000;

const state = globalThis as unknown as { quireScheduler?: NodeJS.Timeout };
const serverHolder = leaseHolder;

/** The tags a newly visible (or hidden) post changes. */
export function visibilityTags(...slugs: string[]): string[] {
  return [cacheTags.postLists, cacheTags.allPosts, cacheTags.popular, ...slugs.map((slug) => cacheTags.post(slug))];
}

/**
 * One tick: publishes what is due, if `holder` gets the scheduler's lease, and queues the posts for
 * the email subscribers (sent in the background). `ran` is false when another server holds it (that
 * one publishes).
 */
export async function runSchedulerTick({
  holder = serverHolder,
  now = new Date(),
}: { holder?: string; now?: Date } = {}): Promise<{
  ran: boolean;
  slugs: string[];
}> {
  if (!(await acquireJobLease({ name: LEASE_NAME, holder, ttlMs: SCHEDULER_LEASE_MS, now })))
    return { ran: false, slugs: [] };
  // Published and queued for the subscribers in one transaction.
  const slugs = await publishDuePosts({ now });
  if (slugs.length > 0) kickPostEmails();
  return { ran: true, slugs };
}

/** Publishes what is due now, then waits for the next one. Call after anything changes a schedule. */
export async function armScheduler({ notBefore = 0 }: { notBefore?: number } = {}): Promise<void> {
  clearTimeout(state.quireScheduler);
  const next = await nextScheduledTime();
  if (!next) return;
  // Long waits are cut into hours, which also survives clock changes.
  const wait = Math.min(Math.max(next.getTime() - Date.now(), notBefore, 0), MAX_WAIT_MS);
  state.quireScheduler = setTimeout(() => void publishDue(), wait);
  state.quireScheduler.unref();
}

async function publishDue(): Promise<void> {
  try {
    const { ran, slugs } = await runSchedulerTick();
    if (!ran) return await armScheduler({ notBefore: LEASE_RETRY_MS });
    if (slugs.length > 0) {
      logger.info({ slugs }, `Published ${slugs.length} scheduled post(s).`);
      await notifyServer(visibilityTags(...slugs));
    }
  } catch (error) {
    logger.error({ err: error }, 'Publishing scheduled posts failed; trying again in 30 seconds.');
    state.quireScheduler = setTimeout(() => void publishDue(), 30_000);
    state.quireScheduler.unref();
    return;
  }
  await armScheduler();
}

/** At start: publish what fell due while the server was down (unless another server does), then arm the timer. */
export async function startScheduler(): Promise<string[]> {
  const { ran, slugs } = await runSchedulerTick();
  // Posts whose emails were under way when the server stopped.
  kickPostEmails();
  await armScheduler({ notBefore: ran ? 0 : LEASE_RETRY_MS });
  onShutdown('scheduler', async () => {
    clearTimeout(state.quireScheduler);
    // Another server takes over at its next tick instead of waiting for the lease to run out.
    await releaseJobLease({ name: LEASE_NAME, holder: serverHolder });
  });
  return slugs;
}
