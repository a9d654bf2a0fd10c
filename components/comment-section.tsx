import type { PublicComment } from '@/db/queries/comments';
import Link from 'next/link';
import {
  buildCommentTree,
  commentPageCount,
  commentPageHref,
  threadsOnPage,
  type CommentNode,
  type CommentOrder,
} from '@/lib/policies/comment-tree';
import { plural } from '@/lib/policies/format';
import { CommentCard } from './comment-card';
import { CommentControls } from './comment-controls';
import { HeldComments, RemovedComment } from './hidden-comments';

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
      {threads.length > 0 ? (
        <ol className="flex flex-col gap-4">
          {threads.map((node) => (
            <CommentItem key={node.comment.id} node={node} postOpen={postOpen} />
          ))}
        </ol>
      ) : null}
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

type CommentItemProps = { node: CommentNode<PublicComment>; postOpen: boolean };

function CommentItem({ node, postOpen }: CommentItemProps) {
  const { comment } = node;
  // Replies folded into a depth-3 comment are listed under it without further indentation.
  const nested = node.depth < 3;
  const replies =
    node.replies.length > 0 ? (
      <ol className={nested ? 'thread nested' : 'thread'}>
        {node.replies.map((reply) => (
          <CommentItem key={reply.comment.id} node={reply} postOpen={postOpen} />
        ))}
      </ol>
    ) : null;
  if (comment.status === 'deleted') {
    return (
      <li>
        <article id={`comment-${comment.id}`} className="comment">
          <p className="meta">[deleted]</p>
        </article>
        {replies}
      </li>
    );
  }
  if (comment.status !== 'visible') {
    // The shared page never carries a removed comment's text; its author and moderators get it
    // from their viewer state.
    return (
      <li>
        <RemovedComment commentId={comment.id} />
        {replies}
      </li>
    );
  }
  return (
    <li>
      <CommentCard
        comment={{ ...comment, status: 'visible' }}
        inReplyTo={node.inReplyTo}
        controls={<CommentControls commentId={comment.id} status="visible" postOpen={postOpen} />}
      />
      {replies}
    </li>
  );
}
