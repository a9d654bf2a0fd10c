// Types for peer-address.mjs, used by scripts/server.mjs and its tests.
import type { IncomingMessage } from 'node:http';

/** Writes the request's socket address and protocol into Quire's own headers, over a client's. */
export function notePeer(request: IncomingMessage): void;
