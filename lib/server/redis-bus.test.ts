import { freePort } from '@/tests/free-port';
import Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../scripts/redis-server.mjs';
import { connectRedisBus, redisUrlProblem, shownRedisUrl, type RedisBus } from './redis-bus.mjs';

// Against a real redis-server (npm test finds one, or stops and says how to install it).

type Durations = { expire?: number } | undefined;

let redis: { url: string; stop(): Promise<void> };
let admin: Redis;
const buses: RedisBus[] = [];

beforeAll(async () => {
  redis = await startRedisServer({ port: await freePort() });
  admin = new Redis(redis.url);
});

afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

/** A bus whose applies are recorded (and held while `hold` returns a promise). */
async function member(name: string, options: { hold?: () => Promise<void>; waitMs?: number } = {}) {
  const applied: { tags: string[]; durations: Durations }[] = [];
  let forgotten = 0;
  const bus = await connectRedisBus({
    url: redis.url,
    member: name,
    waitMs: options.waitMs ?? 2_000,
    apply: async (tags, durations) => {
      await options.hold?.();
      applied.push({ tags, durations });
    },
    forget: () => {
      forgotten++;
    },
  });
  buses.push(bus);
  return {
    bus,
    applied,
    get forgotten() {
      return forgotten;
    },
  };
}

describe('the Redis invalidation bus', () => {
  it('resolves a publication once every other serving member has dropped its tags', async () => {
    const a = await member('a');
    let release!: () => void;
    const b = await member('b', { hold: () => new Promise<void>((resolve) => (release = resolve)) });
    const c = await member('c');
    await Promise.all([a.bus.serve(), b.bus.serve(), c.bus.serve()]);

    let done = false;
    const publication = a.bus.publish(['post:1', 'home'], { expire: 0 }).then(() => (done = true));
    await expect.poll(() => c.applied.length).toBe(1);
    expect(done).toBe(false);
    release();
    await publication;
    expect(b.applied).toEqual([{ tags: ['post:1', 'home'], durations: { expire: 0 } }]);
    expect(c.applied).toEqual([{ tags: ['post:1', 'home'], durations: { expire: 0 } }]);
    // Its own caches are the page cache's business: the publisher is not sent its own tags.
    expect(a.applied).toEqual([]);
  });

  it('does not wait for a process that does not serve yet, nor for one that left', async () => {
    const a = await member('a', { waitMs: 5_000 });
    const starting = await member('starting', { hold: () => new Promise(() => {}) });
    const left = await member('left', { hold: () => new Promise(() => {}) });
    await Promise.all([a.bus.serve(), left.bus.serve()]);
    await left.bus.close();

    const started = Date.now();
    await a.bus.publish(['post:2'], undefined);
    expect(Date.now() - started).toBeLessThan(1_000);
    // The one still starting hears it all the same (it may have begun to keep pages).
    expect(starting.applied).toEqual([]);
  });

  it('stops waiting for a member that never answers after its wait', async () => {
    const a = await member('a', { waitMs: 300 });
    const stuck = await member('stuck', { hold: () => new Promise(() => {}) });
    await Promise.all([a.bus.serve(), stuck.bus.serve()]);
    const started = Date.now();
    await a.bus.publish(['post:3'], undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('serves nothing from its caches while it is not subscribed, and forgets everything when it is again', async () => {
    const a = await member('a');
    await a.bus.serve();
    expect(a.bus.deaf).toBe(false);
    await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await expect.poll(() => a.bus.deaf).toBe(true);
    expect(a.forgotten).toBe(1);
    await expect.poll(() => a.bus.deaf, { timeout: 5_000 }).toBe(false);
    expect(a.forgotten).toBe(2);

    // Subscribed again: another member's write reaches it.
    const b = await member('b');
    await b.bus.serve();
    await b.bus.publish(['post:4'], undefined);
    expect(a.applied).toEqual([{ tags: ['post:4'], durations: undefined }]);
  });

  it("raises the tags' generations for the shared pages, and the others learn them with the message", async () => {
    const a = await member('a');
    const b = await member('b');
    await Promise.all([a.bus.serve(), b.bus.serve()]);
    await a.bus.publish(['post:5'], undefined);
    expect(await admin.hget('quire:tag-generations', 'post:5')).toBe('1');
    // B renders after hearing of it: its page is current, so Redis takes it.
    const fresh = { kind: 'APP_PAGE', html: 'fresh', headers: {} };
    expect(await b.bus.pages!.set('/posts/5', fresh, { revalidate: false }, ['post:5'])).toBe(true);
  });

  it('tells a write made while Redis was away as soon as it is back', async () => {
    const a = await member('a');
    await a.bus.serve();
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal');
    await a.bus.publish(['post:6'], undefined);
    await expect.poll(() => admin.hget('quire:tag-generations', 'post:6'), { timeout: 5_000 }).toBe('1');
  });

  it('ignores anything on its channel that is not an invalidation', async () => {
    const a = await member('a');
    await a.bus.serve();
    await admin.publish('quire:invalidate', 'not json');
    await admin.publish('quire:invalidate', JSON.stringify({ from: 'x', id: 1, tags: [1, 2] }));
    await admin.publish('quire:invalidate', JSON.stringify({ from: 'x', id: 2, tags: ['ok'] }));
    await expect.poll(() => a.applied.length).toBe(1);
    expect(a.applied[0]!.tags).toEqual(['ok']);
  });

  it('says in one sentence, without the password, when Redis cannot be reached', async () => {
    const url = `redis://:secret-word@127.0.0.1:${await freePort()}`;
    const failure = connectRedisBus({ url });
    await expect(failure).rejects.toThrow(
      /^Quire cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(REDIS_URL\)/,
    );
    await expect(failure).rejects.not.toThrow(/secret-word/);
  });
});

describe('REDIS_URL', () => {
  it('accepts redis:// and rediss:// addresses and names what is wrong with others', () => {
    expect(redisUrlProblem('redis://localhost:6379')).toBeNull();
    expect(redisUrlProblem('rediss://user:pw@cache.example:6380/2')).toBeNull();
    expect(redisUrlProblem('localhost:6379')).toMatch(/must start with redis:\/\//);
    expect(redisUrlProblem('not a url')).toMatch(/is not a URL/);
    expect(redisUrlProblem('http://localhost:6379')).toMatch(/not http:/);
  });

  it('is shown without its password', () => {
    expect(shownRedisUrl('redis://:pw@localhost:6379/1')).toBe('redis://:***@localhost:6379/1');
    expect(shownRedisUrl('redis://localhost:6379')).toBe('redis://localhost:6379');
  });
});
