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
export function requestLogger(logger: Logger): ((request: IncomingMessage, response: ServerResponse) => void) & {
  /** Writes out request lines still waiting for the end of the event loop's turn. */
  flush(): void;
};
