// What the post page shows differently to each viewer, as plain data: the shared (cached) page is the
// same HTML for everyone, and this comes from GET /api/posts/<id>/viewer in the browser, or from the
// server on the per-request variants of the page (`?reply=`, `?edit=`, `?report=`, `?remove=`,
// `?notice=`). No server-only imports (types only): client components read it.

import type { HiddenCommentRow } from '@/db/queries/viewer';

/** A held or removed comment whose text this viewer may read, with its dates as ISO strings (JSON). */
export type ViewerComment = Omit<HiddenCommentRow, 'createdAt' | 'editedAt'> & {
  createdAt: string;
  editedAt: string | null;
};

export type ViewerState = {
  /** null: a visitor (or a session that has ended). */
  user: { id: string; name: string } | null;
  moderates: boolean;
  /** The post's author or an admin: "Edit this post". */
  canEditPost: boolean;
  /** Set while the viewer is banned: shown instead of the comment form. */
  banMessage: string | null;
  /** Whether this viewer may comment now (open, not closed by age, not banned). */
  commentsOpen: boolean;
  /** The viewer's own visible comments, and until when each may be edited (epoch ms; 0 when not). */
  own: { id: number; editableUntil: number }[];
  liked: number[];
  reported: number[];
  /** Held and removed comments this viewer may read (their own; all of them for a moderator). */
  hidden: ViewerComment[];
  /** The text of the one comment whose edit form is open (per-request pages only). */
  editing: { id: number; markdown: string } | null;
  /** The viewer gets an email about new comments on this post (db/queries/follows.ts). */
  following: boolean;
};

export const visitorState: ViewerState = {
  user: null,
  moderates: false,
  canEditPost: false,
  banMessage: null,
  commentsOpen: true,
  own: [],
  liked: [],
  reported: [],
  hidden: [],
  editing: null,
  following: false,
};

/** Which comment's reply, edit, report or (moderators) remove form is open: `?reply=12`, `?remove=12`… */
export type OpenCommentForm = { kind: 'reply' | 'edit' | 'report' | 'remove'; commentId: number } | null;

/** The query parameters that make a post page per-request (proxy.ts sends those to ./per-request; `comment` comes from a signed-in reader's permalink). */
export const perViewerParams = ['reply', 'edit', 'report', 'remove', 'notice', 'problem', 'comment'] as const;
