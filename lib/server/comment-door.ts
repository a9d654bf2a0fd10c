import 'server-only';
import type { IncomingHttpHeaders } from 'node:http';
import { answerCommentPost, type CommentPostReply } from '../services/comment-form';
import { headerCookieJar } from './cookie-jar';
import { canInvalidateNow, invalidateNow } from './invalidate-now';
import { logger } from './logger';
import { repairedForwardedHeaders } from './request-checks';
import { doorSecurityHeaders } from './security-headers';
import { currentUserFromHeaders } from './session';
import { requestHeaders } from './viewer-door';

/** Where scripts/front-door.mjs finds the comment form's answer (a global: see viewer-door.ts). */
export const COMMENT_DOOR = Symbol.for('quire.comment-door');

/** The answer with its Set-Cookie values, or null when the post is Next's to answer (body unread). */
export type CommentDoor = (
  headers: IncomingHttpHeaders,
  rawId: string,
  readBody: () => Promise<string | null>,
) => Promise<(CommentPostReply & { setCookies: string[] }) | null>;

/**
 * A signed-in reader's comment, posted as a urlencoded form (the form with or without JavaScript),
 * answered before Next's routing and request scope: the route's own answer (lib/services/comment-form.ts),
 * with the cached pages dropped by invalidateNow before it is sent, and the emails after. Anything
 * else (a visitor, whose comment is kept until sign-in; other encodings; headers the proxy repairs)
 * goes to Next's route, app/api/posts/[id]/comments.
 */
export const answerCommentForm: CommentDoor = async (raw, rawId, readBody) => {
  const headers = requestHeaders(raw);
  if (repairedForwardedHeaders(headers) || !canInvalidateNow()) return null;
  if (!(headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return null;
  const user = await currentUserFromHeaders(headers);
  if (!user) return null;
  const jar = await headerCookieJar(headers);
  const reply = await answerCommentPost({
    headers,
    rawPostId: rawId,
    readForm: async () => {
      const body = await readBody();
      return body === null ? null : new URLSearchParams(body);
    },
    user: async () => user,
    jar,
    settle: { invalidate: invalidateNow, later: runAfterAnswer },
  });
  return { ...reply, headers: { ...doorSecurityHeaders(), ...reply.headers }, setCookies: jar.setCookies() };
};

/** Next's after() for the door's answers: the task runs once the answer is on its way. */
function runAfterAnswer(task: () => unknown): void {
  setImmediate(() => {
    void (async () => {
      try {
        await task();
      } catch (error) {
        logger.error({ err: error }, 'A task after a comment failed.');
      }
    })();
  });
}

export function openCommentDoor(): void {
  (globalThis as { [COMMENT_DOOR]?: CommentDoor })[COMMENT_DOOR] = answerCommentForm;
}
