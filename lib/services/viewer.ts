import 'server-only';
import { z } from 'zod';
import { isFollowingPost } from '@/db/queries/follows';
import { getPostForViewer, getViewerComments } from '@/db/queries/viewer';
import { getModerationRules } from './moderation-rules';
import type { CookieJar } from '../server/cookie-jar';
import type { ComputedAnswer } from '../server/kept-answers';
import { cacheTags } from '../policies/cache-tags';
import { banMessage, commentsCloseAt, commentsOpenNow, isBanned } from '../policies/moderation-policy';
import { canModerate, canWrite, isAdmin } from '../policies/permissions';
import type { CurrentUser } from '../server/session';
import { EDIT_WINDOW_MS } from '../validations/limits';
import { visitorState, type ViewerState } from '../policies/viewer-state';

type PostForViewer = { id: number; authorId: string; commentsOpen: boolean; publishedAt: Date | null };

/**
 * What this viewer sees differently on a post's page (see lib/policies/viewer-state.ts). The work is bounded
 * by the viewer's own comments, likes and reports on the post, plus its hidden comments for a
 * moderator; the thread itself comes from the shared, cached page.
 */
export async function viewerStateFor(
  user: CurrentUser | null,
  post: PostForViewer,
  options: { now?: Date; editing?: number } = {},
): Promise<ViewerState> {
  return (await viewerStateAt(user, post, options)).state;
}

/**
 * What the viewer state depends on in the account, besides what the post's cache tags cover: an
 * answer kept in memory (lib/server/viewer-door.ts) is reused only while this is unchanged.
 */
export function viewerFingerprint(user: CurrentUser | null): string {
  if (!user) return '';
  return JSON.stringify([
    user.id,
    user.name,
    user.handle,
    user.role,
    user.bannedUntil?.getTime() ?? null,
    user.banReason,
  ]);
}

/** viewerStateFor, and the first moment after `now` at which time alone would change it (epoch ms). */
async function viewerStateAt(
  user: CurrentUser | null,
  post: PostForViewer,
  { now = new Date(), editing }: { now?: Date; editing?: number },
): Promise<{ state: ViewerState; changesAt: number }> {
  const rules = await getModerationRules();
  const open = commentsOpenNow(post, now, rules);
  // Comments close by the post's age, a ban ends, an edit window shuts.
  const moments = [commentsCloseAt(post.publishedAt ?? now, rules)?.getTime() ?? Infinity];
  const changesAt = () => Math.min(...moments.filter((moment) => moment > now.getTime()));
  if (!user) return { state: { ...visitorState, commentsOpen: open }, changesAt: changesAt() };
  const moderates = canModerate(user);
  const banned = isBanned(user, now);
  if (banned) moments.push(user.bannedUntil!.getTime());
  const found = await getViewerComments({ postId: post.id, userId: user.id, moderates });
  const visibleOwn = found.own.filter((comment) => comment.visible);
  const editable = (createdAt: Date) => createdAt.getTime() + EDIT_WINDOW_MS;
  for (const comment of visibleOwn) moments.push(editable(comment.createdAt));
  const edited = visibleOwn.find((comment) => comment.id === editing);
  const state: ViewerState = {
    user: { id: user.id, name: user.name ?? user.handle },
    moderates,
    canEditPost: isAdmin(user) || (canWrite(user) && user.id === post.authorId),
    banMessage: banned ? banMessage(user) : null,
    commentsOpen: open && !banned,
    own: visibleOwn.map((comment) => ({
      id: comment.id,
      editableUntil: editable(comment.createdAt) > now.getTime() ? editable(comment.createdAt) : 0,
    })),
    liked: found.liked,
    reported: found.reported,
    hidden: found.hidden.map((comment) => ({
      ...comment,
      createdAt: comment.createdAt.toISOString(),
      editedAt: comment.editedAt?.toISOString() ?? null,
    })),
    editing: edited && editable(edited.createdAt) > now.getTime() ? { id: edited.id, markdown: edited.markdown } : null,
    following: await isFollowingPost({ userId: user.id, postId: post.id }),
  };
  return { state, changesAt: changesAt() };
}

const postNumber = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * The viewer request's answer: a status and the JSON to send, and for a post's state, what it stays
 * true for: until one of the post's tags is invalidated (its page, every post page, or what only
 * signed-in readers see of it: see cache-tags.ts) or time alone changes it. The account's part is
 * viewerFingerprint's.
 */
export type ViewerAnswer = ComputedAnswer & { body: ViewerState | { error: string } };

/**
 * The answer to `GET /api/posts/<id>/viewer` (components/viewer-context.tsx asks it on each post page
 * view), given who asks: the route handler and the front door (lib/server/viewer-door.ts) both send it.
 */
export async function viewerAnswer(user: CurrentUser | null, rawId: string): Promise<ViewerAnswer> {
  const id = postNumber.safeParse(rawId);
  if (!id.success) return { status: 400, body: { error: 'Not a post number.' } };
  const post = await getPostForViewer({ id: id.data });
  if (!post) return { status: 404, body: { error: 'There is no such post.' } };
  const { state, changesAt } = await viewerStateAt(user, post, {});
  const tags = [cacheTags.post(post.slug), cacheTags.allPosts, cacheTags.viewers(post.id)];
  return { status: 200, body: state, keep: { tags, until: changesAt } };
}

/** The cookie whose change tells the post page's script to ask for the viewer's state again. */
export const VIEWER_REVISION_COOKIE = 'quire-viewer-rev';

/**
 * For actions that change what this viewer sees on a post page (their comment, a like, a report, a
 * moderator's decision): the page itself may come back from the shared cache unchanged, so the
 * browser is told through this non-secret cookie to ask for the viewer's state again.
 */
export function markViewerChanged(jar: CookieJar): void {
  jar.set(VIEWER_REVISION_COOKIE, Date.now().toString(36), { maxAge: 24 * 60 * 60 });
}
