/** Threads are indented at most this deep. */
export const MAX_THREAD_DEPTH = 3;

export type ThreadableComment = { id: number; parentId: number | null; authorName: string; status?: string };

export type CommentNode<T extends ThreadableComment> = {
  comment: T;
  /** 1 to MAX_THREAD_DEPTH. */
  depth: number;
  /** Set when a deeper reply was folded into its depth-3 ancestor: whom it actually answers. */
  inReplyTo: { id: number; authorName: string } | null;
  replies: CommentNode<T>[];
};

/**
 * Builds reply threads from a flat, oldest-first list. Replies deeper than MAX_THREAD_DEPTH are
 * attached to their depth-3 ancestor (in time order) and say whom they answer. Replies whose parent
 * is not in the list become top-level, so no visible text is ever lost.
 */
export function buildCommentTree<T extends ThreadableComment>(comments: readonly T[]): CommentNode<T>[] {
  const nodes = new Map<number, CommentNode<T>>();
  // For a node at the maximum depth: the depth-3 ancestor whose list it sits in (itself for the ancestor).
  const anchors = new Map<number, CommentNode<T>>();
  const roots: CommentNode<T>[] = [];
  for (const comment of comments) {
    const parent = comment.parentId === null ? undefined : nodes.get(comment.parentId);
    let node: CommentNode<T>;
    if (!parent) {
      node = { comment, depth: 1, inReplyTo: null, replies: [] };
      roots.push(node);
    } else if (parent.depth < MAX_THREAD_DEPTH) {
      node = { comment, depth: parent.depth + 1, inReplyTo: null, replies: [] };
      parent.replies.push(node);
    } else {
      const anchor = anchors.get(parent.comment.id) ?? parent;
      node = {
        comment,
        depth: MAX_THREAD_DEPTH,
        inReplyTo: { id: parent.comment.id, authorName: parent.comment.authorName },
        replies: [],
      };
      anchor.replies.push(node);
      anchors.set(comment.id, anchor);
    }
    nodes.set(comment.id, node);
  }
  return pruneDeleted(roots);
}

/** Deleted comments stay as placeholders only while replies hang from them. */
function pruneDeleted<T extends ThreadableComment>(nodes: CommentNode<T>[]): CommentNode<T>[] {
  return nodes.flatMap((node) => {
    const replies = pruneDeleted(node.replies);
    if (node.comment.status === 'deleted' && replies.length === 0) return [];
    return [{ ...node, replies }];
  });
}

export function countNodes<T extends ThreadableComment>(nodes: CommentNode<T>[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.replies), 0);
}

/** Top-level threads shown on one comment page; replies always stay with their thread. */
export const THREADS_PER_PAGE = 50;

export function commentPageCount(threadCount: number): number {
  return Math.max(1, Math.ceil(threadCount / THREADS_PER_PAGE));
}

export type CommentOrder = 'oldest' | 'newest';

/** The threads of one comment page (1-based). Newest first reverses the threads, not the replies in them. */
export function threadsOnPage<T extends ThreadableComment>(
  threads: CommentNode<T>[],
  page: number,
  order: CommentOrder = 'oldest',
): CommentNode<T>[] {
  const ordered = order === 'newest' ? [...threads].reverse() : threads;
  return ordered.slice((page - 1) * THREADS_PER_PAGE, page * THREADS_PER_PAGE);
}

function contains<T extends ThreadableComment>(node: CommentNode<T>, id: number): boolean {
  return node.comment.id === id || node.replies.some((reply) => contains(reply, id));
}

/** The comment page that shows a comment, or null when it is not shown at all. */
export function pageOfComment<T extends ThreadableComment>(threads: CommentNode<T>[], id: number): number | null {
  const index = threads.findIndex((thread) => contains(thread, id));
  return index === -1 ? null : pageOfThread(index);
}

/** The comment page (oldest first) of the thread with this many threads before it. */
export function pageOfThread(index: number): number {
  return Math.floor(index / THREADS_PER_PAGE) + 1;
}

/**
 * The address of a comment page: `/posts/<slug>` (oldest first, page 1), `/posts/<slug>/comments/<n>`,
 * `/posts/<slug>/comments/newest`, `/posts/<slug>/comments/newest/<n>`.
 */
export function commentPageHref(slug: string, page: number, order: CommentOrder = 'oldest'): string {
  const base = order === 'newest' ? `/posts/${slug}/comments/newest` : `/posts/${slug}`;
  if (page === 1) return base;
  return order === 'newest' ? `${base}/${page}` : `/posts/${slug}/comments/${page}`;
}

/** Reads the part of a comment page address after `/comments/`; null when it is not one. */
export function parseCommentPath(segments: string[]): { order: CommentOrder; page: number } | null {
  const pageOf = (value: string | undefined) => (value && /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : null);
  if (segments.length === 1 && segments[0] === 'newest') return { order: 'newest', page: 1 };
  if (segments.length === 2 && segments[0] === 'newest') {
    const page = pageOf(segments[1]);
    return page === null ? null : { order: 'newest', page };
  }
  if (segments.length === 1) {
    const page = pageOf(segments[0]);
    return page === null ? null : { order: 'oldest', page };
  }
  return null;
}
