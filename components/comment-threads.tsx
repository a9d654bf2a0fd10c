'use client';

import { CommentCard } from './comment-card';
import { CommentControls, LikeForm } from './comment-controls';
import { RemovedComment } from './hidden-comments';

/**
 * One comment of the shared page as the browser receives it, in short names: this is the page's
 * inline payload, once per comment. Only what the card shows, and nothing at all of a comment that
 * is not visible (its text reaches its author and the moderators through their viewer state).
 * Optional fields are left out when empty.
 */
export type SharedNode = (
  | {
      id: number;
      author: string;
      handle?: string;
      image?: string;
      /** The sanitised body. */
      html: string;
      at: Date;
      editedAt?: Date;
      likes?: number;
    }
  | { id: number; gone: 'deleted' | 'removed' }
) & {
  /** Its replies are indented under it (not for a depth-3 comment: deeper replies are folded in). */
  nested?: true;
  inReplyTo?: { id: number; authorName: string };
  replies?: SharedNode[];
};

/** The comment threads of one page, rendered on the server into the shared HTML and hydrated here. */
export function CommentThreads({ threads, postOpen }: { threads: SharedNode[]; postOpen: boolean }) {
  return (
    <>
      <LikeForm />
      <ol className="flex flex-col gap-4">
        {threads.map((node) => (
          <CommentItem key={node.id} node={node} postOpen={postOpen} />
        ))}
      </ol>
    </>
  );
}

function CommentItem({ node, postOpen }: { node: SharedNode; postOpen: boolean }) {
  const replies = node.replies ? (
    <ol className={node.nested ? 'thread nested' : 'thread'}>
      {node.replies.map((reply) => (
        <CommentItem key={reply.id} node={reply} postOpen={postOpen} />
      ))}
    </ol>
  ) : null;
  if ('gone' in node) {
    return (
      <li>
        {node.gone === 'deleted' ? (
          <article id={`comment-${node.id}`} className="comment">
            <p className="meta">[deleted]</p>
          </article>
        ) : (
          <RemovedComment commentId={node.id} />
        )}
        {replies}
      </li>
    );
  }
  return (
    <li>
      <CommentCard
        comment={{
          id: node.id,
          status: 'visible',
          authorName: node.author,
          authorHandle: node.handle ?? null,
          authorImage: node.image ?? null,
          bodyHtml: node.html,
          createdAt: node.at,
          editedAt: node.editedAt ?? null,
          likeCount: node.likes ?? 0,
          removedReason: null,
        }}
        inReplyTo={node.inReplyTo}
        controls={<CommentControls commentId={node.id} status="visible" postOpen={postOpen} />}
      />
      {replies}
    </li>
  );
}
