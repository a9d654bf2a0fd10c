import 'server-only';
import { LRUCache } from 'lru-cache';

/**
 * What the front door (scripts/front-door.mjs) tells answers kept in memory outside its own cache: its
 * clock, and whether none of some cache tags was invalidated since a moment on that clock, in this
 * process or another (the same invalidations that drop its pages), while this process can be sure
 * to hear of them.
 */
export type Freshness = { now(): number; unchangedSince(tags: string[], since: number): boolean };

/** An answer to send: its status and JSON text. */
export type SentAnswer = { status: number; body: string };

/**
 * A freshly computed answer. With `keep`, it may be answered again from memory until one of `tags` is
 * invalidated or the wall clock reaches `until` (when it would change by time alone).
 */
export type ComputedAnswer = { status: number; body: unknown; keep?: { tags: string[]; until: number } };

type Kept = SentAnswer & { fingerprint: string; tags: string[]; startedAt: number; until: number };

/** However long an answer could stay unchanged, it is computed afresh at least this often. */
export const MAX_KEEP_MS = 10 * 60 * 1000;

/**
 * Answers kept by key, bounded in bytes: an answer is reused only for the same key and `fingerprint`
 * (what the caller read afresh for this request, such as the account's standing), before its `until`,
 * and while none of its tags was invalidated since it began to be computed. A write that lands while
 * one is being computed keeps it from being stored, as the front cache does for pages.
 */
export function createAnswerKeeper({ maxBytes }: { maxBytes: number }) {
  const kept = new LRUCache<string, Kept>({
    maxSize: maxBytes,
    sizeCalculation: (answer, key) => answer.body.length + answer.fingerprint.length + key.length + 256,
  });

  return {
    async answer(
      key: string,
      fingerprint: string,
      freshness: Freshness | undefined,
      compute: () => Promise<ComputedAnswer>,
    ): Promise<SentAnswer> {
      const found = freshness ? kept.get(key) : undefined;
      if (
        found &&
        found.fingerprint === fingerprint &&
        Date.now() < found.until &&
        freshness!.unchangedSince(found.tags, found.startedAt)
      ) {
        return { status: found.status, body: found.body };
      }
      const startedAt = freshness?.now() ?? 0;
      const { status, body, keep } = await compute();
      const text = JSON.stringify(body);
      if (freshness && keep && freshness.unchangedSince(keep.tags, startedAt)) {
        const until = Math.min(keep.until, Date.now() + MAX_KEEP_MS);
        kept.set(key, { status, body: text, fingerprint, tags: keep.tags, startedAt, until });
      } else {
        kept.delete(key);
      }
      return { status, body: text };
    },
    /** How many answers are kept (for tests). */
    get size() {
      return kept.size;
    },
  };
}
