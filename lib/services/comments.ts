import 'server-only';
import {
  countThreadsBeforeComment,
  insertComment,
  setCommentBody,
  type CommentViewer,
  type NewCommentInput,
} from '@/db/queries/comments';
import { commentPageHref, MAX_THREAD_DEPTH, pageOfThread } from '../policies/comment-tree';
import { renderCommentMarkdown } from '../policies/markdown';

/**
 * Writes a comment with its body rendered and sanitised (imports, tests). A reader's new comment goes
 * through postComment (comment-posting.ts), which renders before its transaction and checks first.
 */
export async function createComment(input: NewCommentInput): Promise<{ id: number }> {
  return insertComment({ ...input, bodyHtml: renderCommentMarkdown(input.markdown).html });
}

/** Replaces a comment's text with an edit, rendered and sanitised, and marks it edited. */
export async function updateCommentBody({
  id,
  markdown,
  now = new Date(),
}: {
  id: number;
  markdown: string;
  now?: Date;
}) {
  await setCommentBody({ id, markdown, bodyHtml: renderCommentMarkdown(markdown).html, now });
}

/**
 * Where a comment is shown to a viewer: its post's comment page and anchor (page 1 when it is not
 * shown). The page is the one buildCommentTree + pageOfComment give for the whole thread, counted
 * by SQLite (countThreadsBeforeComment) instead of loading the thread.
 */
export async function commentLocation({
  postId,
  slug,
  commentId,
  viewer = null,
}: {
  postId: number;
  slug: string;
  commentId: number;
  viewer?: CommentViewer;
}): Promise<{ shown: boolean; href: string }> {
  const before = await countThreadsBeforeComment({ postId, commentId, viewer, maxDepth: MAX_THREAD_DEPTH });
  const page = before === null ? null : pageOfThread(before);
  return { shown: page !== null, href: `${commentPageHref(slug, page ?? 1)}#comment-${commentId}` };
}
