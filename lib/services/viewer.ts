import 'server-only';
import { cookies } from 'next/headers';
import { getModerationRules } from './moderation-rules';
import { getViewerComments } from '@/db/queries/viewer';
import { secureCookiesFor } from '../server/auth';
import { banMessage, commentsOpenNow, isBanned } from '../policies/moderation-policy';
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
export function viewerStateFor(
  user: CurrentUser | null,
  post: PostForViewer,
  { now = new Date(), editing }: { now?: Date; editing?: number } = {},
): ViewerState {
  const open = commentsOpenNow(post, now, getModerationRules());
  if (!user) return { ...visitorState, commentsOpen: open };
  const moderates = canModerate(user);
  const banned = isBanned(user, now);
  const found = getViewerComments({ postId: post.id, userId: user.id, moderates });
  const visibleOwn = found.own.filter((comment) => comment.visible);
  const editable = (createdAt: Date) => createdAt.getTime() + EDIT_WINDOW_MS;
  const edited = visibleOwn.find((comment) => comment.id === editing);
  return {
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
  };
}

/** The cookie whose change tells the post page's script to ask for the viewer's state again. */
export const VIEWER_REVISION_COOKIE = 'quire-viewer-rev';

/**
 * For actions that change what this viewer sees on a post page (their comment, a like, a report, a
 * moderator's decision): the page itself may come back from the shared cache unchanged, so the
 * browser is told through this non-secret cookie to ask for the viewer's state again.
 */
export async function markViewerChanged(): Promise<void> {
  (await cookies()).set(VIEWER_REVISION_COOKIE, Date.now().toString(36), {
    path: '/',
    sameSite: 'lax',
    maxAge: 24 * 60 * 60,
    secure: await secureCookiesFor(undefined),
  });
}
