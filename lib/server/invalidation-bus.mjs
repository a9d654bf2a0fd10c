// Invalidations across the processes of one server (WEB_CONCURRENCY > 1, scripts/server.mjs): each
// process keeps its own page cache, `'use cache'` data and front cache, so a write in one must drop
// the same tags in every other before it answers, or the reader it sends on could be served an old
// page by another process. The page cache (lib/server/page-cache-handler.mjs) publishes every
// invalidation, Next's and Quire's own, through the global below; the primary process relays it to
// the other workers, each applies it to its caches (waiting for its running renders, as for a local
// write) and says so, and the publisher's promise resolves once all have. Plain JavaScript: the page
// cache that publishes is loaded by Next outside the bundle, and the server script sets this up.

/** Where the page cache finds the bus: unset in a single process. */
export const INVALIDATION_BUS = Symbol.for('quire.invalidation-bus');
/** The key of every message of the bus on the cluster's IPC channel (other messages are left alone). */
const KEY = 'quire:invalidate';
/** Past this a publisher stops waiting for the others (a process stuck or gone): it answers anyway. */
export const PEERS_WAIT_MS = 6_000;

/**
 * Drops tags in this process's caches: every `'use cache'` handler, and the page cache, which with
 * `publish` also sends them to the server's other processes (lib/server/invalidate-now.ts) and without
 * it does not (what another process's invalidation does here). Resolves as they do.
 */
export async function dropTags(tags, durations, { publish = false } = {}) {
  const handlers = globalThis[Symbol.for('@next/cache-handlers-set')];
  const pages = globalThis[Symbol.for('quire.page-cache')];
  await Promise.all([
    ...[...(handlers ?? [])].map((handler) => handler.updateTags?.(tags, durations)),
    publish ? pages?.revalidateTag(tags, durations) : pages?.revalidateHere(tags, durations),
  ]);
}

/**
 * Drops everything this process keeps (a Redis bus that lost its subscription, and may have missed
 * invalidations): every `'use cache'` entry, every page, every front-cache copy, and whatever the
 * renders and fills running now will store. Resolves once those have been stored.
 */
export async function dropEverything() {
  const handlers = globalThis[Symbol.for('@next/cache-handlers-set')];
  const pages = globalThis[Symbol.for('quire.page-cache')];
  await Promise.all([...[...(handlers ?? [])].map((handler) => handler.dropAll?.()), pages?.dropAllHere()]);
}

/**
 * Whether this process's caches may answer: not while its bus may be missing other processes'
 * invalidations (a Redis bus between subscriptions). Every cache read asks.
 */
export function cachesTrusted() {
  return globalThis[INVALIDATION_BUS]?.deaf !== true;
}

/**
 * A worker's end: `publish(tags, durations)` resolves once every other worker has applied them (or
 * after `waitMs`); `receive(message)` takes the primary's messages. `send` is process.send.
 */
export function createWorkerBus({ send, apply = dropTags, waitMs = PEERS_WAIT_MS }) {
  let lastId = 0;
  /** publication id → its resolve */
  const waiting = new Map();
  return {
    publish(tags, durations) {
      const id = ++lastId;
      return new Promise((resolve) => {
        const timer = setTimeout(() => waiting.get(id)?.(), waitMs);
        waiting.set(id, () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        });
        send({ [KEY]: 'publish', id, tags, durations });
      });
    },
    async receive(message) {
      const kind = message?.[KEY];
      if (kind === 'apply') {
        try {
          await apply(message.tags, message.durations);
        } finally {
          send({ [KEY]: 'applied', id: message.id });
        }
      } else if (kind === 'done') {
        waiting.get(message.id)?.();
      }
    },
  };
}

/**
 * The primary's relay. `add(id, send)` and `remove(id)` follow the workers, `serving(id)` marks one
 * that listens; `receive(id, message)` takes a worker's message. Only serving workers are sent an
 * invalidation and waited for: one still starting has nothing cached yet (and may not be listening
 * for messages). A worker that goes away is not waited for.
 */
export function createRelay() {
  /** worker id → send */
  const workers = new Map();
  /** The workers that listen (serve requests, so keep pages). */
  const serving = new Set();
  let lastId = 0;
  /** relay id → { from, id (the publisher's), left: worker ids yet to apply it } */
  const relayed = new Map();

  const settle = (relayId) => {
    const publication = relayed.get(relayId);
    if (!publication || publication.left.size > 0) return;
    relayed.delete(relayId);
    workers.get(publication.from)?.({ [KEY]: 'done', id: publication.id });
  };

  return {
    add(workerId, send) {
      workers.set(workerId, send);
    },
    serving(workerId) {
      if (workers.has(workerId)) serving.add(workerId);
    },
    remove(workerId) {
      workers.delete(workerId);
      serving.delete(workerId);
      for (const [relayId, publication] of relayed) {
        if (publication.from === workerId) relayed.delete(relayId);
        else if (publication.left.delete(workerId)) settle(relayId);
      }
    },
    receive(workerId, message) {
      const kind = message?.[KEY];
      if (kind === 'publish') {
        const relayId = ++lastId;
        const others = [...serving].filter((other) => other !== workerId);
        relayed.set(relayId, { from: workerId, id: message.id, left: new Set(others) });
        for (const other of others) {
          workers.get(other)({ [KEY]: 'apply', id: relayId, tags: message.tags, durations: message.durations });
        }
        settle(relayId);
      } else if (kind === 'applied') {
        const publication = relayed.get(message.id);
        if (publication?.left.delete(workerId)) settle(message.id);
      }
    },
    /** Publications not yet applied everywhere (for tests). */
    get pending() {
      return relayed.size;
    },
  };
}
