import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { cookies } from 'next/headers';
import { hitRateLimits } from './rate-limits';
import { deletePendingComment, getPendingComment, savePendingComment } from '@/db/queries/pending-comments';
import type { CookieJar } from '../server/cookie-jar';
import { rateLimitPolicies } from '../server/rate-limit';
import { getClientAddress } from '../server/session';

// A visitor can write a comment on the shared post page before signing in: it is kept here (the
// browser holds a random token in an HttpOnly cookie, the database only its hash) and posted by
// by /comments/pending once they have signed in (with the text in a form, to fix if it is refused).

export const PENDING_COMMENT_COOKIE = 'quire-pending-comment';
const KEEP_MS = 60 * 60 * 1000;
export const NO_PENDING_COMMENT =
  'There is no comment waiting to be posted here: it was posted already, or it was kept for an hour and then dropped.';
/** Where sign-in (or sign-up) sends the visitor back to. */
export const PENDING_COMMENT_PATH = '/comments/pending';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Keeps a visitor's comment and says where to send them: to sign in. Refused (with a sentence)
 * when their network has kept too many in the last hour.
 */
export async function keepCommentUntilSignIn(
  input: {
    postId: number;
    parentId: number | null;
    body: string;
  },
  jar: CookieJar,
): Promise<{ location: string } | { message: string }> {
  const limit = await hitRateLimits([
    { policy: rateLimitPolicies.pendingCommentPerAddress, subject: await getClientAddress() },
  ]);
  if (!limit.allowed) return { message: limit.message };
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await savePendingComment({
    ...input,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + KEEP_MS),
    now,
  });
  // Every path (as every jar's cookie): signing in is a server action on /signin whose redirect Next
  // renders from that same request (its cookies), so a cookie scoped to /comments would not reach
  // /comments/pending.
  jar.set(PENDING_COMMENT_COOKIE, token, { httpOnly: true, maxAge: KEEP_MS / 1000 });
  return { location: `/signin?returnTo=${encodeURIComponent(PENDING_COMMENT_PATH)}&notice=comment-kept` };
}

/** This browser's kept comment, if any and still good. */
export async function readPendingComment(cookieValue: string | undefined) {
  return cookieValue ? getPendingComment({ tokenHash: hashToken(cookieValue) }) : null;
}

/** Forgets this browser's kept comment (posted, or given back to the form). */
export async function forgetPendingComment(cookieValue: string): Promise<void> {
  await deletePendingComment({ tokenHash: hashToken(cookieValue) });
}

// A signed-in reader's refused comment, without JavaScript: the form's page is a fresh GET, so the
// text waits here (same table, its own cookie) to go back into the box. Dropped when a comment is
// posted, and after ten minutes.
const REFUSED_COMMENT_COOKIE = 'quire-refused-comment';
const REFUSED_KEEP_MS = 10 * 60 * 1000;

/** Keeps the text of a refused comment for the page the browser is sent back to. */
export async function keepRefusedComment(
  input: { postId: number; parentId: number | null; body: string },
  jar: CookieJar,
) {
  const previous = jar.get(REFUSED_COMMENT_COOKIE);
  if (previous) await deletePendingComment({ tokenHash: hashToken(previous) });
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await savePendingComment({
    ...input,
    body: input.body.slice(0, 10_000),
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + REFUSED_KEEP_MS),
    now,
  });
  jar.set(REFUSED_COMMENT_COOKIE, token, { httpOnly: true, maxAge: REFUSED_KEEP_MS / 1000 });
}

/** This browser's refused comment, while kept. */
export async function readRefusedComment() {
  return readPendingComment((await cookies()).get(REFUSED_COMMENT_COOKIE)?.value);
}

/** Forgets this browser's refused comment, if any (a comment of theirs was just posted). */
export async function forgetRefusedComment(jar: CookieJar): Promise<void> {
  const token = jar.get(REFUSED_COMMENT_COOKIE);
  if (!token) return;
  await forgetPendingComment(token);
  jar.delete(REFUSED_COMMENT_COOKIE);
}
