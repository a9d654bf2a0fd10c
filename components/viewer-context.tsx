'use client';

import { usePathname } from 'next/navigation';
import { createContext, use, useEffect, useState, useSyncExternalStore } from 'react';
import { visitorState, type OpenCommentForm, type ViewerState } from '@/lib/policies/viewer-state';
import { readCookie, SIGNED_IN_MARKER, subscribeToCookies, VIEWER_REVISION_COOKIE } from './cookie-watch';

type ViewerContextValue = {
  state: ViewerState;
  /** Whether `state` is known: false while a signed-in reader's state is on its way. */
  known: boolean;
  open: OpenCommentForm;
  postId: number;
  slug: string;
  /** The address of this page of comments (for forms that come back here). */
  here: string;
  /** A comment refused without JavaScript, sent back to its form (per-request pages only). */
  refused?: RefusedComment;
};

/** A refused comment's text and the sentence why, for the form it was written in (parentId null: the main one). */
export type RefusedComment = { parentId: number | null; body: string; problem: string };

const ViewerContext = createContext<ViewerContextValue | null>(null);

/** The viewer's state on a post page; components under a ViewerProvider only. */
export function useViewer(): ViewerContextValue {
  const value = use(ViewerContext);
  if (!value) throw new Error('useViewer() is used outside a ViewerProvider.');
  return value;
}

// Checked by hand rather than with zod: this runs on every post page, so it stays tiny; the answer
// comes from this same server, and anything unexpected is treated as a visitor's state.
function parseState(json: unknown): ViewerState | null {
  if (typeof json !== 'object' || json === null) return null;
  const value = json as Partial<ViewerState>;
  const arrays = [value.own, value.liked, value.reported, value.hidden];
  if (!arrays.every(Array.isArray) || typeof value.commentsOpen !== 'boolean') return null;
  return { ...visitorState, ...value } as ViewerState;
}

/** The sign-in marker and the viewer revision, as one string that changes when either does. */
function cookieKey(): string {
  return `${readCookie(SIGNED_IN_MARKER) ?? ''}|${readCookie(VIEWER_REVISION_COOKIE) ?? ''}`;
}

type ViewerProviderProps = {
  postId: number;
  slug: string;
  here: string;
  /** Given on per-request pages, where the server already knows the viewer: nothing is fetched. */
  initial?: ViewerState;
  open?: OpenCommentForm;
  refused?: RefusedComment;
  children?: React.ReactNode;
};

/**
 * Holds what the post page shows differently to this viewer. The page's HTML is the cached one
 * everyone gets (a visitor's view); when the sign-in marker cookie says someone is signed in, the
 * browser asks GET /api/posts/<id>/viewer once, and again when the address changes or an action
 * bumps the revision cookie (posting, liking, deleting, moderating), and the comment controls,
 * the comment area and the hidden comments re-render from the answer.
 */
export function ViewerProvider({ postId, slug, here, initial, open = null, refused, children }: ViewerProviderProps) {
  const key = useSyncExternalStore(subscribeToCookies, cookieKey, () => '');
  const pathname = usePathname();
  const [fetched, setFetched] = useState<{ key: string; state: ViewerState } | null>(null);
  const signedIn = key.startsWith('1|');

  useEffect(() => {
    if (initial || !signedIn) return;
    const controller = new AbortController();
    fetch(`/api/posts/${postId}/viewer`, { cache: 'no-store', signal: controller.signal })
      .then((response) => (response.ok ? response.json() : null))
      .then((json: unknown) => setFetched({ key, state: parseState(json) ?? visitorState }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [initial, signedIn, postId, key, pathname]);

  const state = initial ?? (signedIn ? fetched?.state : visitorState) ?? visitorState;
  const known = initial !== undefined || !signedIn || fetched !== null;
  return <ViewerContext value={{ state, known, open, postId, slug, here, refused }}>{children}</ViewerContext>;
}
