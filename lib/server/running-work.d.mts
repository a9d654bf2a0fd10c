// Types for running-work.mjs (plain JavaScript: used by the cache handlers Next loads at start).
export const RENDER_WAIT_MS: number;
export type RunningWork = {
  begin(key: string, now: number): void;
  end(key: string): { since: number } | undefined;
  waitForRunning(now: number, waitMs?: number): Promise<void>;
  readonly size: number;
};
export function createRunningWork(): RunningWork;
