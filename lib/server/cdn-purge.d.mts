// Types for cdn-purge.mjs (plain JavaScript, loaded by scripts/server.mjs).

export type PurgeSettings = { url: string; method: string; headers: Record<string, string> };
export function purgeSettings(env?: Record<string, string | undefined>): PurgeSettings | null;
export function purgeRequests(
  settings: PurgeSettings,
  tags: string[],
): { url: string; init: { method: string; headers: Record<string, string>; body?: string } }[];

type Logger = { warn(fields: object, message: string): void };
export type Purge = ((tags: string | string[]) => void) & { settled(): Promise<void> };
export function createPurger(
  settings: PurgeSettings,
  options?: { logger?: Logger; fetchImpl?: typeof fetch; batchMs?: number },
): Purge;
