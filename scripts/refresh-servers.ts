// How the command-line tools tell the running servers that a write from here (an import, a restore)
// changed the blog. With REDIS_URL, through Redis to every process of every app server, which also
// makes the pages they share there stale: a server stopped meanwhile must not find them when it
// starts again. Without it, the server on this machine (lib/server/notify-server.ts).
import { siteWideTags } from '@/lib/policies/cache-tags';
import { notifyServer } from '@/lib/server/notify-server';
import { connectRedisBus, redisUrlProblem } from '@/lib/server/redis-bus.mjs';

export async function refreshServers(
  env: Record<string, string | undefined> = process.env,
): Promise<'refreshed' | 'no-server'> {
  if (!env.REDIS_URL || redisUrlProblem(env.REDIS_URL)) return notifyServer();
  let bus;
  try {
    bus = await connectRedisBus({ url: env.REDIS_URL, apply: () => {}, forget: () => {} });
  } catch (error) {
    // The write is done; the servers will show it once their pages are rendered again.
    console.warn(`${(error as Error).message} The running servers were not told.`);
    return notifyServer();
  }
  try {
    await bus.publish([...siteWideTags], undefined);
    return 'refreshed';
  } finally {
    await bus.close();
  }
}
