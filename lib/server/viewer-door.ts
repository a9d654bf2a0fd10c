import 'server-only';
import type { IncomingHttpHeaders } from 'node:http';
import { viewerAnswer, type ViewerAnswer } from '../services/viewer';
import { repairedForwardedHeaders } from './request-checks';
import { doorSecurityHeaders } from './security-headers';
import { currentUserFromHeaders } from './session';

/**
 * Where scripts/front-door.mjs finds the viewer request's answer. A global, not an import: the front
 * door is plain JavaScript loaded before Next, and this module lives in Next's server bundle.
 */
export const VIEWER_DOOR = Symbol.for('quire.viewer-door');

/** Answers a viewer request from its headers, or null when Next must (headers its proxy repairs first). */
export type ViewerDoor = (
  headers: IncomingHttpHeaders,
  rawId: string,
) => Promise<(ViewerAnswer & { headers: Record<string, string> }) | null>;

/** A Node request's headers as a fetch Headers object. */
export function requestHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

/**
 * A signed-in reader's post view is the shared page plus this request, once per view: answered here,
 * it skips Next's routing and request scope (with prepared statements, 244 → 1,189 req/s in the bench),
 * and is the same answer (lib/services/viewer.ts `viewerAnswer`) with the same session checks
 * (lib/server/session.ts).
 */
export const answerViewerRequest: ViewerDoor = async (raw, rawId) => {
  const headers = requestHeaders(raw);
  if (repairedForwardedHeaders(headers)) return null;
  return { ...(await viewerAnswer(await currentUserFromHeaders(headers), rawId)), headers: doorSecurityHeaders() };
};

export function openViewerDoor(): void {
  (globalThis as { [VIEWER_DOOR]?: ViewerDoor })[VIEWER_DOOR] = answerViewerRequest;
}
