import { freePort } from '@/tests/free-port';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteWideTags } from '@/lib/policies/cache-tags';
import { connectRedisBus } from '@/lib/server/redis-bus.mjs';
import { startRedisServer } from './redis-server.mjs';
import { refreshServers } from './refresh-servers';

let redis: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  redis = await startRedisServer({ port: await freePort() });
});

afterAll(async () => {
  await redis?.stop();
});

describe('the command-line tools telling the servers after an import or a restore', () => {
  it('with REDIS_URL, every serving process drops the site-wide tags and the shared pages go stale', async () => {
    const applied: string[][] = [];
    const server = await connectRedisBus({
      url: redis.url,
      member: 'server',
      apply: (tags) => void applied.push(tags),
    });
    await server.serve();
    const admin = new Redis(redis.url);
    try {
      expect(await refreshServers({ REDIS_URL: redis.url })).toBe('refreshed');
      expect(applied).toEqual([[...siteWideTags]]);
      expect(await admin.hget('quire:tag-generations', 'site')).toBe('1');
    } finally {
      admin.disconnect();
      await server.close();
    }
  });

  it('with a Redis nobody answers for, says so and asks the server on this machine instead', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => void warnings.push(message);
    try {
      const answer = await refreshServers({ REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(answer).toBe('no-server');
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([expect.stringMatching(/cannot reach Redis .* The running servers were not told\.$/)]);
  });
});
