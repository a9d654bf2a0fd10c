// Types for redis-bus.mjs (plain JavaScript: scripts/server.mjs sets it up, outside Next's bundle).
import type { SharedPages } from './shared-pages.mjs';
type Durations = { expire?: number } | undefined;
type Logger = {
  info(message: string): void;
  warn(message: string): void;
  error(details: object, message: string): void;
};
export const HEARTBEAT_MS: number;
export const MEMBER_TTL_MS: number;
export function shownRedisUrl(url: string): string;
export function redisUrlProblem(url: string): string | null;
export type RedisBus = {
  readonly member: string;
  readonly deaf: boolean;
  publish(tags: string[], durations: Durations): Promise<void>;
  /** The pages every server shares; null while this process may be missing invalidations. */
  readonly pages: SharedPages | null;
  serve(): Promise<void>;
  close(): Promise<void>;
};
export function connectRedisBus(options: {
  url: string;
  logger?: Logger;
  apply?: (tags: string[], durations: Durations) => unknown;
  forget?: () => unknown;
  waitMs?: number;
  heartbeatMs?: number;
  memberTtlMs?: number;
  member?: string;
}): Promise<RedisBus>;
