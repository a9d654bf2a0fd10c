// Types for server-log.mjs, used by scripts/server.mjs and its tests.
import type { DestinationStream, Logger } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function createServerLogger(options?: {
  level?: string;
  destination?: DestinationStream;
  pretty?: boolean;
}): Logger;
export function requestPath(url?: string): string;
export function requestLogFields(request: {
  method: string | undefined;
  url: string | undefined;
  status: number;
  milliseconds: number;
  finished: boolean;
}): { method: string | undefined; path: string; status: number; ms: number; aborted?: true };
/** How long request lines wait to be written together (milliseconds), and the characters that make a write at once. */
export const REQUEST_LINES_MS: number;
export const REQUEST_LINES_BYTES: number;
export function requestLogger(logger: Logger): ((request: IncomingMessage, response: ServerResponse) => void) & {
  /** Writes out at once the request lines waiting to be written together. */
  flush(): void;
};
