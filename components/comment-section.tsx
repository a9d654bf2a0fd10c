import type { PublicComment } from '@/db/queries/comments';
import Link from 'next/link';
import {
  buildCommentTree,
  commentPageCount,
  commentPageHref,
  MAX_THREAD_DEPTH,
  threadsOnPage,
  type CommentNode,
  type CommentOrder,
} from '@/lib/policies/comment-tree';
import { plural } from '@/lib/policies/format';
import { CommentThreads, type SharedNode } from './comment-threads';
import { HeldComments } from './hidden-comments';

type CommentSectionProps = {
  comments: PublicComment[];
  slug: string;
  /** Which page of threads to show (50 top-level threads a page). */
  page: number;
  order: CommentOrder;
  commentArea?: React.ReactNode;
  /** The post takes comments: Reply links under each comment. */
  postOpen: boolean;
};

/**
 * Comments are part of the server-rendered page: readable by search engines and without JavaScript.
 * The threads are the shared, cached HTML (everyone's view); what differs per viewer comes from the
 * ViewerProvider around it: controls, held comments, removed comments' text for those who may read it.
 */
export function CommentSection({ comments, slug, page, order, commentArea, postOpen }: CommentSectionProps) {
  const allThreads = buildCommentTree(comments);
  const pageCount = commentPageCount(allThreads.length);
  const threads = threadsOnPage(allThreads, page, order);
  const visibleCount = comments.filter((comment) => comment.status === 'visible').length;
  return (
    <section
      id="comments"
      aria-labelledby="comments-heading"
      className="mt-10 border-t border-[var(--color-line)] pt-6"
    >
      <h2 id="comments-heading" className="mb-4 font-serif text-2xl font-bold">
        {plural(visibleCount, 'comment')}
      </h2>
      {commentArea}
      <HeldComments />
      {allThreads.length > 1 ? (
        <p className="meta mb-4">
          Order:{' '}
          {order === 'oldest' ? (
            <strong aria-current="true">oldest first</strong>
          ) : (
            <Link href={`${commentPageHref(slug, 1)}#comments`}>oldest first</Link>
          )}{' '}
          ·{' '}
          {order === 'newest' ? (
            <strong aria-current="true">newest first</strong>
          ) : (
            <Link href={`${commentPageHref(slug, 1, 'newest')}#comments`}>newest first</Link>
          )}
        </p>
      ) : null}
      {/* With no comments the heading ("0 comments") says it all; no second "No comments yet". */}
      {threads.length > 0 ? <CommentThreads threads={toSharedNodes(threads)} postOpen={postOpen} /> : null}
      {pageCount > 1 ? (
        <nav aria-label="Comment pages" className="mt-6 flex items-center justify-between gap-4 text-sm">
          {page > 1 ? (
            <Link href={`${commentPageHref(slug, page - 1, order)}#comments`} rel="prev">
              {order === 'oldest' ? '← Older comments' : '← Newer comments'}
            </Link>
          ) : (
            <span />
          )}
          <span className="meta">
            Comments page {page} of {pageCount}
          </span>
          {page < pageCount ? (
            <Link href={`${commentPageHref(slug, page + 1, order)}#comments`} rel="next">
              {order === 'oldest' ? 'Newer comments →' : 'Older comments →'}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}

/**
 * The threads as the client component's props. The page's inline RSC payload then carries only this
 * data: rendered by server components, each comment's whole element tree was repeated there, about
 * 1 KB of markup a comment on top of the same markup in the HTML.
 */
function toSharedNodes(nodes: CommentNode<PublicComment>[]): SharedNode[] {
  return nodes.map(({ comment, depth, inReplyTo, replies }) => ({
    ...toSharedComment(comment),
    ...(depth < MAX_THREAD_DEPTH && replies.length > 0 ? { nested: true as const } : {}),
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(replies.length > 0 ? { replies: toSharedNodes(replies) } : {}),
  }));
}

function toSharedComment(comment: PublicComment): SharedNode {
  // Held comments are never in the shared list; anything not visible keeps only its place.
  if (comment.status !== 'visible')
    return { id: comment.id, gone: comment.status === 'deleted' ? 'deleted' : 'removed' };
  return {
    id: comment.id,
    author: comment.authorName,
    ...(comment.authorHandle ? { handle: comment.authorHandle } : {}),
    ...(comment.authorImage ? { image: comment.authorImage } : {}),
    html: comment.bodyHtml,
    at: comment.createdAt,
    ...(comment.editedAt ? { editedAt: comment.editedAt } : {}),
    ...(comment.likeCount > 0 ? { likes: comment.likeCount } : {}),
  };
}
