import 'server-only';
import { nextScheduledTime, publishDuePosts } from '@/db/queries/authoring';
import { queuePostEmailsBySlug } from '@/db/queries/subscriptions';
import { cacheTags } from '../policies/cache-tags';
import { logger } from '../server/logger';
import { notifyServer } from '../server/notify-server';
import { kickPostEmails } from './subscriptions';

// Scheduled posts go live from inside the server: no cron, no outside call. One timer waits for
// the next scheduled time; when it fires, the due posts are published and their pages refreshed.

const MAX_WAIT_MS = 60 * 60 * 1000;
const state = globalThis as unknown as { quireScheduler?: NodeJS.Timeout };

/** The tags a newly visible (or hidden) post changes. */
export function visibilityTags(...slugs: string[]): string[] {
  return [cacheTags.postLists, cacheTags.allPosts, cacheTags.popular, ...slugs.map((slug) => cacheTags.post(slug))];
}

/** Publishes the due posts and queues them for the email subscribers (sent in the background). */
function publishAndAnnounce(): string[] {
  const slugs = publishDuePosts();
  queuePostEmailsBySlug({ slugs });
  if (slugs.length > 0) kickPostEmails();
  return slugs;
}

/** Publishes what is due now, then waits for the next one. Call after anything changes a schedule. */
export function armScheduler(): void {
  clearTimeout(state.quireScheduler);
  const next = nextScheduledTime();
  if (!next) return;
  // Long waits are cut into hours, which also survives clock changes.
  const wait = Math.min(Math.max(next.getTime() - Date.now(), 0), MAX_WAIT_MS);
  state.quireScheduler = setTimeout(() => void publishDue(), wait);
  state.quireScheduler.unref();
}

async function publishDue(): Promise<void> {
  try {
    const slugs = publishAndAnnounce();
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
  armScheduler();
}

/** At start: publish what fell due while the server was down, then arm the timer. */
export function startScheduler(): string[] {
  const slugs = publishAndAnnounce();
  // Posts whose emails were under way when the server stopped.
  kickPostEmails();
  armScheduler();
  return slugs;
}
