// Types for invalidation-bus.mjs (plain JavaScript: used by the page cache Next loads at start).
type Durations = { expire?: number } | undefined;
type Message = Record<string, unknown>;
export const INVALIDATION_BUS: unique symbol;
export const PEERS_WAIT_MS: number;
export function dropTags(tags: string[], durations: Durations, options?: { publish?: boolean }): Promise<void>;
export function dropEverything(): Promise<void>;
export function cachesTrusted(): boolean;
export type WorkerBus = {
  publish(tags: string[], durations: Durations): Promise<void>;
  receive(message: unknown): Promise<void>;
};
export function createWorkerBus(options: {
  send: (message: Message) => void;
  apply?: (tags: string[], durations: Durations) => Promise<void>;
  waitMs?: number;
}): WorkerBus;
export type Relay = {
  add(workerId: number, send: (message: Message) => void): void;
  serving(workerId: number): void;
  remove(workerId: number): void;
  receive(workerId: number, message: unknown): void;
  readonly pending: number;
};
export function createRelay(): Relay;
