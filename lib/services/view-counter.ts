import 'server-only';
import { addPostViews, listPopularPosts } from '@/db/queries/views';
import { listPublicPostIds } from '@/db/queries/posts';
import { POPULAR_POSTS_DAYS, POPULAR_POSTS_LIMIT } from './reads';
import { logger } from '../server/logger';
import { onShutdown } from '../server/shutdown.mjs';

// Page views are counted in memory and written in batches, after responses are sent: one
// transaction a second at most instead of one write per page view.
const FLUSH_INTERVAL_MS = 1000;
const MAX_BUFFERED_POSTS = 500;

type CounterState = {
  buffer: Map<number, number>;
  lastFlush: number;
  lastRanking: string | null;
  /** Set by every write, so the next check compares rankings (a query) only when views changed. */
  rankingCheckPending: boolean;
  timer: NodeJS.Timeout | null;
};

const globalForCounter = globalThis as unknown as { quireViewCounter?: CounterState };
const state: CounterState = (globalForCounter.quireViewCounter ??= {
  buffer: new Map(),
  lastFlush: 0,
  lastRanking: null,
  rankingCheckPending: false,
  timer: null,
});

export function recordView(postId: number): void {
  state.buffer.set(postId, (state.buffer.get(postId) ?? 0) + 1);
  // A safety net for quiet periods: views are never held longer than a few seconds.
  state.timer ??= setTimeout(() => {
    state.timer = null;
    flushViews().catch((error: unknown) => logger.error({ err: error }, 'Writing the page views failed.'));
  }, 5000).unref();
}

/** Writes buffered views. Views of posts that do not exist or are not public are dropped. */
export async function flushViews(now: Date = new Date()): Promise<void> {
  if (state.buffer.size === 0) return;
  const batch = [...state.buffer];
  state.buffer.clear();
  state.lastFlush = now.getTime();
  const ids = batch.map(([postId]) => postId);
  const publicIds = await listPublicPostIds({ ids });
  await addPostViews(
    batch.filter(([postId]) => publicIds.has(postId)),
    now,
  );
  state.rankingCheckPending = true;
}

/**
 * Flushes when a second has passed since the last flush, then reports whether the Popular posts
 * ranking changed, so the caller invalidates the widget only when what it shows is different.
 */
export async function flushViewsIfDue(now: Date = new Date()): Promise<{ rankingChanged: boolean }> {
  const due = state.buffer.size >= MAX_BUFFERED_POSTS || now.getTime() - state.lastFlush >= FLUSH_INTERVAL_MS;
  if (due) await flushViews(now);
  if (!state.rankingCheckPending) return { rankingChanged: false };
  state.rankingCheckPending = false;
  const ranking = (await listPopularPosts({ days: POPULAR_POSTS_DAYS, limit: POPULAR_POSTS_LIMIT, now }))
    .map((post) => post.id)
    .join(',');
  const rankingChanged = ranking !== state.lastRanking;
  state.lastRanking = ranking;
  return { rankingChanged };
}

// On SIGTERM/SIGINT, once the last requests are answered (scripts/server.mjs runs the task).
onShutdown('views', () => flushViews());
