import 'server-only';
import type { IncomingHttpHeaders } from 'node:http';
import { viewerAnswer, viewerFingerprint } from '../services/viewer';
import { createAnswerKeeper, type Freshness, type SentAnswer } from './kept-answers';
import { repairedForwardedHeaders } from './request-checks';
import { doorSecurityHeaders } from './security-headers';
import { currentUserFromHeaders } from './session';

/**
 * Where scripts/front-door.mjs finds the viewer request's answer. A global, not an import: the front
 * door is plain JavaScript loaded before Next, and this module lives in Next's server bundle.
 */
export const VIEWER_DOOR = Symbol.for('quire.viewer-door');
/** Where scripts/front-door.mjs offers its clock and invalidations (see kept-answers.ts). */
const FRONT_HOOK = Symbol.for('quire.front-door');

/** Answers a viewer request from its headers, or null when Next must (headers its proxy repairs first). */
export type ViewerDoor = (
  headers: IncomingHttpHeaders,
  rawId: string,
) => Promise<(SentAnswer & { headers: Record<string, string> }) | null>;

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
 * The answers of the last viewers and posts: a reader's views of a post ask the same again and again,
 * and its reads were most of a view's cost. About 1 KB an answer (more for a moderator).
 */
const keptAnswers = createAnswerKeeper({ maxBytes: 16 * 1024 * 1024 });

/**
 * A signed-in reader's post view is the shared page plus this request, once per view: answered here,
 * it skips Next's routing and request scope (with prepared statements, 244 → 1,189 req/s in the bench),
 * and is the same answer (lib/services/viewer.ts `viewerAnswer`) with the same session checks
 * (lib/server/session.ts), read afresh on every request. What the answer says of the post is kept in
 * memory until a write drops one of its cache tags (in any of the server's processes), time changes
 * it, or the account's standing does.
 */
export const answerViewerRequest: ViewerDoor = async (raw, rawId) => {
  const headers = requestHeaders(raw);
  if (repairedForwardedHeaders(headers)) return null;
  const user = await currentUserFromHeaders(headers);
  const freshness = (globalThis as { [FRONT_HOOK]?: Partial<Freshness> })[FRONT_HOOK];
  const answer = await keptAnswers.answer(
    `${rawId}\u0000${user?.id ?? ''}`,
    viewerFingerprint(user),
    freshness?.unchangedSince ? (freshness as Freshness) : undefined,
    () => viewerAnswer(user, rawId),
  );
  return { ...answer, headers: doorSecurityHeaders() };
};

export function openViewerDoor(): void {
  (globalThis as { [VIEWER_DOOR]?: ViewerDoor })[VIEWER_DOOR] = answerViewerRequest;
}
