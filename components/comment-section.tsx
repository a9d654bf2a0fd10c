import type { PublicComment } from '@/db/queries/comments';
import Link from 'next/link';
import {
  buildCommentTree,
  commentPageCount,
  commentPageHref,
  threadsOnPage,
  type CommentNode,
  type CommentOrder,
} from '@/lib/comment-tree';
import { plural } from '@/lib/format';
import { PostDate } from './post-date';

type CommentSectionProps = {
  comments: PublicComment[];
  slug: string;
  /** Which page of threads to show (50 top-level threads a page). */
  page: number;
  order: CommentOrder;
  commentArea?: React.ReactNode;
  /** Per-reader controls under each comment (like, reply, edit, delete, report); signed-in pages only. */
  commentControls?: (comment: PublicComment) => React.ReactNode;
};

/** Comments are part of the server-rendered page: readable by search engines and without JavaScript. */
export function CommentSection({ comments, slug, page, order, commentArea, commentControls }: CommentSectionProps) {
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
            <CommentItem key={node.comment.id} node={node} commentControls={commentControls} />
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

type CommentItemProps = {
  node: CommentNode<PublicComment>;
  commentControls?: (comment: PublicComment) => React.ReactNode;
};

function CommentItem({ node, commentControls }: CommentItemProps) {
  const { comment } = node;
  // Replies folded into a depth-3 comment are listed under it without further indentation.
  const nested = node.depth < 3;
  const replies =
    node.replies.length > 0 ? (
      <ol className={nested ? 'thread nested' : 'thread'}>
        {node.replies.map((reply) => (
          <CommentItem key={reply.comment.id} node={reply} commentControls={commentControls} />
        ))}
      </ol>
    ) : null;
  if (comment.status === 'deleted' || (comment.status === 'removed' && !comment.bodyHtml)) {
    return (
      <li>
        <article id={`comment-${comment.id}`} className="comment">
          <p className="meta">{comment.status === 'deleted' ? '[deleted]' : 'Comment removed by a moderator'}</p>
          {commentControls?.(comment)}
        </article>
        {replies}
      </li>
    );
  }
  return (
    <li>
      <article id={`comment-${comment.id}`} aria-label={`Comment by ${comment.authorName}`} className="comment">
        <header>
          <Avatar name={comment.authorName} image={comment.authorImage} />
          {comment.authorHandle ? (
            <a href={`/authors/${comment.authorHandle}`}>{comment.authorName}</a>
          ) : (
            <b>{comment.authorName}</b>
          )}
          <a href={`/comments/${comment.id}`} className="meta">
            <PostDate date={comment.createdAt} relative />
          </a>
          {comment.editedAt ? <span className="meta">(edited)</span> : null}
          {node.inReplyTo ? (
            <span className="meta">
              in reply to <a href={`#comment-${node.inReplyTo.id}`}>{node.inReplyTo.authorName}</a>
            </span>
          ) : null}
        </header>
        {comment.status === 'removed' ? (
          <p role="note" className="comment-notice">
            Removed by a moderator{comment.removedReason ? `: ${comment.removedReason}` : ''}. Readers see “Comment
            removed by a moderator” in its place.
          </p>
        ) : null}
        {comment.status === 'held' ? (
          <p role="note" className="comment-notice">
            Awaiting approval: only its author and the moderators can see it for now.
          </p>
        ) : null}
        <div
          className="prose prose-sm comment-body"
          // Rendered through the comment sanitiser when it was saved.
          dangerouslySetInnerHTML={{ __html: comment.bodyHtml }}
        />
        {comment.likeCount > 0 ? <p className="meta">{plural(comment.likeCount, 'like')}</p> : null}
        {commentControls?.(comment)}
      </article>
      {replies}
    </li>
  );
}

function Avatar({ name, image }: { name: string; image: string | null }) {
  if (image) {
    // eslint-disable-next-line @next/next/no-img-element -- avatars come from anywhere; a fixed-size plain image.
    return <img src={image} alt="" width={28} height={28} className="avatar" />;
  }
  return (
    <span aria-hidden="true" className="avatar">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
