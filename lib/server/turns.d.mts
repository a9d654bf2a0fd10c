// Types for turns.mjs (plain JavaScript: used by scripts/server.mjs).
export const TURN_MS: number;
export const CONNECTING_MS: number;
export type Turns = {
  admit(start: () => unknown): unknown;
  connected(): void;
  readonly waiting: number;
};
export function createTurns(options?: {
  turnMs?: number;
  connectingMs?: number;
  now?: () => number;
  defer?: (callback: () => void) => unknown;
}): Turns;
