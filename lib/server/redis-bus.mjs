// Invalidations across app servers (REDIS_URL): the carrier of lib/server/invalidation-bus.mjs for
// more than one machine. Every server process keeps its own page cache, `'use cache'` data and front
// cache in memory (a cache hit must cost no network round trip), and Redis carries each write's tags
// to all of them before the write answers:
//
// - A process that serves requests is a member: it stamps itself in a sorted set every 2 s, with
//   Redis's own clock (no skew between machines), and counts as gone 6 s after its last stamp.
// - A write publishes its tags on one channel; each other member drops them in its caches (waiting
//   for its running renders, as for a local write) and acknowledges on the publisher's own channel.
//   The publisher resolves once every member it counted has, or after PEERS_WAIT_MS.
// - A member that loses its subscription cannot know what it missed: until it is subscribed again it
//   serves nothing from its caches (`deaf`), and when it is, it drops everything it kept. A write
//   made meanwhile is told again once Redis is back.
// - Pages are also kept in Redis, shared by every server (lib/server/shared-pages.mjs): a write raises
//   its tags' generations there before it tells the others, and its message carries them.
//
// Plain JavaScript: scripts/server.mjs sets it up, outside Next's bundle.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import Redis from 'ioredis';
import { PEERS_WAIT_MS, dropEverything, dropTags } from './invalidation-bus.mjs';
import { createSharedPages } from './shared-pages.mjs';

const CHANNEL = 'quire:invalidate';
const MEMBERS = 'quire:members';
const ackChannel = (member) => `quire:invalidated:${member}`;
export const HEARTBEAT_MS = 2_000;
export const MEMBER_TTL_MS = 6_000;
const CONNECT_TIMEOUT_MS = 5_000;

// Redis's clock in milliseconds, so members on different machines agree on who is alive.
const NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)";
/** KEYS[1] members, ARGV[1] this member, ARGV[2] ttl: stamps it, forgets the long gone. */
const STAMP = `${NOW}
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 10 * ARGV[2])
return now`;
/** KEYS[1] members, ARGV[1] ttl: the members stamped within it. */
const ALIVE = `${NOW}
return redis.call('ZRANGEBYSCORE', KEYS[1], now - ARGV[1], '+inf')`;

/** REDIS_URL without its password, for sentences and logs. */
export function shownRedisUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}

/** Why REDIS_URL cannot be used, in a sentence, or null when it can. */
export function redisUrlProblem(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return 'REDIS_URL is not a URL: use redis://host:6379 (or rediss:// for TLS).';
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    return `REDIS_URL must start with redis:// or rediss://, not ${parsed.protocol}//.`;
  }
  return null;
}

/** One message off the channel, checked: anything else on it is ignored. */
function parseInvalidation(text) {
  try {
    const message = JSON.parse(text);
    const strings = (value) => Array.isArray(value) && value.every((item) => typeof item === 'string');
    if (typeof message?.from !== 'string' || typeof message.id !== 'number' || !strings(message.tags)) return null;
    const expire = message.durations?.expire;
    const durations = message.durations == null ? undefined : typeof expire === 'number' ? { expire } : {};
    const generations = Array.isArray(message.generations) ? message.generations : [];
    return { from: message.from, id: message.id, tags: message.tags, durations, generations };
  } catch {
    return null;
  }
}

/**
 * Connects to Redis and returns the bus, or throws an Error whose message is one sentence (Redis
 * unreachable, a wrong password). `serve()` makes this process a member; `close()` leaves.
 */
export async function connectRedisBus({
  url,
  logger,
  apply = dropTags,
  forget = dropEverything,
  waitMs = PEERS_WAIT_MS,
  heartbeatMs = HEARTBEAT_MS,
  memberTtlMs = MEMBER_TTL_MS,
  member = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`,
}) {
  const options = {
    // Reconnect for ever, at most every 2 s; while it is down, a write does not wait for Redis.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    lazyConnect: true,
  };
  const commands = new Redis(url, options);
  // The subscription is renewed by hand on each connection, so this process knows when it holds.
  const listener = new Redis(url, { ...options, autoResubscribe: false });
  for (const connection of [commands, listener]) connection.on('error', () => {});
  try {
    await Promise.all([commands.connect(), listener.connect()]);
  } catch (error) {
    commands.disconnect();
    listener.disconnect();
    throw new Error(`Quire cannot reach Redis at ${shownRedisUrl(url)} (REDIS_URL): ${error.message}.`);
  }
  commands.defineCommand('quireStamp', { numberOfKeys: 1, lua: STAMP });
  commands.defineCommand('quireAlive', { numberOfKeys: 1, lua: ALIVE });
  const pages = createSharedPages(commands);
  /** Tags a write invalidated while Redis could not be told: told once it is back. */
  const untold = new Set();
  // A write made while the commands connection was down is told as soon as it is back.
  commands.on('ready', () => {
    if (untold.size > 0 && !closed) void tell([...untold.values()]);
  });

  let lastId = 0;
  /** publication id → { left: members yet to acknowledge, done } */
  const waiting = new Map();
  let deaf = false;
  let serving = false;
  let closed = false;
  let heartbeat;

  const subscribe = () => listener.subscribe(CHANNEL, ackChannel(member));

  listener.on('message', (channel, text) => {
    if (channel === CHANNEL) {
      const message = parseInvalidation(text);
      if (!message || message.from === member) return;
      pages.learn(message.tags, message.generations);
      void Promise.resolve(apply(message.tags, message.durations))
        .catch((error) => logger?.error({ err: error }, 'Dropping cached pages for another server failed.'))
        .then(() => commands.publish(ackChannel(message.from), JSON.stringify({ id: message.id, by: member })))
        .catch(() => {});
    } else {
      try {
        const { id, by } = JSON.parse(text);
        const publication = waiting.get(id);
        if (publication?.left.delete(by) && publication.left.size === 0) publication.done();
      } catch {
        // Not an acknowledgement: ignored.
      }
    }
  });
  // Messages sent while this was not subscribed are lost: keep nothing until it is again.
  listener.on('close', () => {
    if (closed || deaf) return;
    deaf = true;
    logger?.warn('Lost the connection to Redis: serving without cached pages until it is back.');
    void forget();
  });
  listener.on('ready', () => {
    if (!deaf) return;
    subscribe()
      .then(() => pages.load())
      .then(() => (untold.size > 0 ? tell([...untold.values()]) : undefined))
      .then(() => forget())
      .then(() => {
        deaf = false;
        logger?.info('Connected to Redis again: caching pages again.');
      })
      .catch(() => listener.disconnect(true));
  });
  try {
    await subscribe();
    await pages.load();
  } catch (error) {
    commands.disconnect();
    listener.disconnect();
    throw new Error(`Quire cannot subscribe on Redis at ${shownRedisUrl(url)} (REDIS_URL): ${error.message}.`);
  }

  const stamp = () => commands.quireStamp(MEMBERS, member, memberTtlMs).catch(() => {});

  /**
   * Raises the tags' generations in Redis, then has every other member drop them: resolves once all
   * have, or after `waitMs`. When Redis cannot be told, the tags wait in `untold` for its return.
   */
  async function tell(tags, durations) {
    let others;
    let generations;
    try {
      if (commands.status !== 'ready') throw new Error('Redis is away');
      generations = await pages.raise(tags);
      for (const tag of tags) untold.delete(tag);
      others = (await commands.quireAlive(MEMBERS, memberTtlMs)).filter((other) => other !== member);
    } catch {
      if (!generations) for (const tag of tags) untold.add(tag);
      return;
    }
    if (others.length === 0) return;
    const id = ++lastId;
    await new Promise((resolve) => {
      const timer = setTimeout(() => finish(), waitMs);
      const finish = () => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve();
      };
      waiting.set(id, { left: new Set(others), done: finish });
      commands.publish(CHANNEL, JSON.stringify({ from: member, id, tags, durations, generations })).catch(finish);
    });
  }

  return {
    member,
    /** Whether this process may miss invalidations right now (its caches must not answer). */
    get deaf() {
      return deaf;
    },

    /**
     * Resolves once the tags' pages are stale in Redis and every other member has dropped them, or
     * after `waitMs`, or at once without Redis (they are told when it is back).
     */
    async publish(tags, durations) {
      if (closed) return;
      await tell(tags, durations);
    },

    /** The pages every server shares, while this process hears every invalidation; else null. */
    get pages() {
      return deaf || closed ? null : pages;
    },

    /** Makes this process a member (call once it listens: from then on it keeps pages). */
    async serve() {
      if (serving || closed) return;
      serving = true;
      await stamp();
      heartbeat = setInterval(stamp, heartbeatMs);
      heartbeat.unref();
    },

    /** Leaves: the others stop waiting for this process at once. */
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      for (const publication of waiting.values()) publication.done();
      await commands.zrem(MEMBERS, member).catch(() => {});
      commands.disconnect();
      listener.disconnect();
    },
  };
}
