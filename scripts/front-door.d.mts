// Types for front-door.mjs (plain JavaScript, loaded by scripts/server.mjs).
import type { IncomingMessage, ServerResponse } from 'node:http';

export const FRONT_HOOK: unique symbol;
export type FrontSettings = { maxBytes: number; maxAge: number; staleSeconds: number };
export function frontSettings(env?: Record<string, string | undefined>): FrontSettings;
export function createFrontDoor(
  options: FrontSettings & {
    handle: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;
    purge?: (tags: string[]) => void;
    logger?: { warn(fields: object, message: string): void };
    origin?: string;
    errorPageKey?: string;
    clock?: () => number;
    /** Runs before the app sees a request the front cache did not answer. */
    beforeApp?: (request: IncomingMessage) => void;
  },
  // A page the front cache holds is answered at once (undefined); anything else through a promise.
): (request: IncomingMessage, response: ServerResponse) => Promise<void> | undefined;
export type ErrorPageParts = { htmlAttributes: string; stylesheets: string; bodyTag: string; markup: string };
export function errorPageParts(page: string): ErrorPageParts | null;
export function fillErrorShell(
  shell: string,
  parts: ErrorPageParts | null,
  replace?: { from: string; to: string }[],
): string;
