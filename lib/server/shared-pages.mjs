// The page cache's second level, shared by every app server through Redis (REDIS_URL): a page one
// server rendered is served by the others without rendering it again, and a server that starts (or
// restarts) finds the pages already made. Each process still answers from its own memory first
// (lib/server/page-cache-handler.mjs): Redis is asked only when that misses.
//
// Freshness comes from a generation per tag, kept in Redis. A write's invalidation raises the
// generation of each of its tags (lib/server/redis-bus.mjs, before the write answers and before the
// other servers hear of it). A page is stored with the generation of each of its tags that its
// server knew when the render ended, and only if those are still Redis's own: a page rendered before
// an invalidation can never be stored after it. A page is read back only if its generations are
// still current, checked in the same script that reads it; a stale one is deleted there.
//
// Plain JavaScript: the page cache that uses it is loaded by Next outside the bundle.

import v8 from 'node:v8';

const PAGE_PREFIX = 'quire:page:';
const GENERATIONS = 'quire:tag-generations';
/** How long a page stays in Redis unused: memory is Redis's to bound too (maxmemory-policy allkeys-lru). */
export const SHARED_PAGE_TTL_SECONDS = 7 * 24 * 60 * 60;
/** Larger pages stay in each process only: one such read would hold a connection longer than a render. */
export const SHARED_PAGE_MAX_BYTES = 8 * 1024 * 1024;

/** KEYS[1] the page, KEYS[2] the generations: the page's bytes if its generations are current, else nothing. */
const READ = `
local stored = redis.call('HGET', KEYS[1], 'generations')
if not stored then return false end
for tag, generation in pairs(cjson.decode(stored)) do
  if tonumber(redis.call('HGET', KEYS[2], tag) or '0') ~= generation then
    redis.call('DEL', KEYS[1])
    return false
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return redis.call('HGET', KEYS[1], 'page')`;

/** KEYS[1] the page, KEYS[2] the generations; ARGV: generations (JSON), bytes, ttl. Stores it only if they are current. */
const WRITE = `
for tag, generation in pairs(cjson.decode(ARGV[1])) do
  if tonumber(redis.call('HGET', KEYS[2], tag) or '0') ~= generation then return 0 end
end
redis.call('HSET', KEYS[1], 'generations', ARGV[1], 'page', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

/** KEYS[1] the generations; ARGV the tags: raises each, returns the new generations in order. */
const RAISE = `
local raised = {}
for index, tag in ipairs(ARGV) do raised[index] = redis.call('HINCRBY', KEYS[1], tag, 1) end
return raised`;

/**
 * The shared pages on `commands` (an ioredis connection). The generations this process knows are
 * learned from its own invalidations, from other servers' (`learn`) and from Redis (`load`, at start
 * and after it may have missed some).
 */
export function createSharedPages(commands, { ttlSeconds = SHARED_PAGE_TTL_SECONDS } = {}) {
  commands.defineCommand('quirePageRead', { numberOfKeys: 2, lua: READ });
  commands.defineCommand('quirePageWrite', { numberOfKeys: 2, lua: WRITE });
  commands.defineCommand('quireTagsRaise', { numberOfKeys: 1, lua: RAISE });
  /** tag → the generation this process last knew; a tag never invalidated is 0 here and in Redis. */
  const known = new Map();

  const learn = (tags, generations) => {
    tags.forEach((tag, index) => {
      const generation = Number(generations?.[index]);
      if (Number.isInteger(generation) && generation > (known.get(tag) ?? 0)) known.set(tag, generation);
    });
  };

  return {
    /** Every tag's generation from Redis (at start, and after a gap in what this process heard). */
    async load() {
      const all = await commands.hgetall(GENERATIONS);
      for (const [tag, generation] of Object.entries(all)) learn([tag], [generation]);
    },

    learn,

    /** A write's invalidation: raises its tags' generations; returns them, to tell the other servers. */
    async raise(tags) {
      const generations = (await commands.quireTagsRaise(GENERATIONS, ...tags)).map(Number);
      learn(tags, generations);
      return generations;
    },

    /** The page stored under `key`, as { value, cacheControl }, or null (none, stale, or Redis away). */
    async get(key) {
      try {
        const bytes = await commands.quirePageReadBuffer(PAGE_PREFIX + key, GENERATIONS, ttlSeconds);
        return bytes ? v8.deserialize(bytes) : null;
      } catch {
        return null;
      }
    },

    /** Stores a page this process rendered, if none of its tags has been invalidated since this process last heard. */
    async set(key, value, cacheControl, tags) {
      const bytes = v8.serialize({ value, cacheControl });
      if (bytes.length > SHARED_PAGE_MAX_BYTES) return false;
      const generations = Object.fromEntries(tags.map((tag) => [tag, known.get(tag) ?? 0]));
      try {
        return (
          (await commands.quirePageWrite(
            PAGE_PREFIX + key,
            GENERATIONS,
            JSON.stringify(generations),
            bytes,
            ttlSeconds,
          )) === 1
        );
      } catch {
        return false;
      }
    },
  };
}
