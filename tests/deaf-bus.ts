import { INVALIDATION_BUS } from '@/lib/server/invalidation-bus.mjs';

/** What `read` gives while this process's invalidation bus is deaf (a Redis bus between subscriptions). */
export async function whileDeaf<T>(read: () => T | Promise<T>): Promise<Awaited<T>> {
  const global = globalThis as Record<symbol, unknown>;
  global[INVALIDATION_BUS] = { deaf: true };
  try {
    return await read();
  } finally {
    delete global[INVALIDATION_BUS];
  }
}
