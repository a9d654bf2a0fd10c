'use client';

import type { ViewerComment } from '@/lib/policies/viewer-state';
import { CommentCard } from './comment-card';
import { CommentControls } from './comment-controls';
import { useViewer } from './viewer-context';

const card = (comment: ViewerComment) => ({
  ...comment,
  createdAt: new Date(comment.createdAt),
  editedAt: comment.editedAt ? new Date(comment.editedAt) : null,
  likeCount: 0,
});

/**
 * Held comments this viewer may read (their own awaiting approval; every one for a moderator), above
 * the threads: the shared page never carries them.
 */
export function HeldComments() {
  const { state } = useViewer();
  const held = state.hidden.filter((comment) => comment.status === 'held');
  if (held.length === 0) return null;
  return (
    <section aria-label="Awaiting approval" className="mb-6">
      <h3 className="meta mb-2">{state.moderates ? 'Held for moderation' : 'Your comments awaiting approval'}</h3>
      <ol className="flex flex-col gap-4">
        {held.map((comment) => (
          <li key={comment.id}>
            <CommentCard
              comment={card(comment)}
              controls={<CommentControls commentId={comment.id} status="held" postOpen={false} />}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * A removed comment's place in its thread: "Comment removed by a moderator" for everyone (the shared
 * HTML), its text and the reason for its author and the moderators.
 */
export function RemovedComment({ commentId }: { commentId: number }) {
  const { state } = useViewer();
  const found = state.hidden.find((comment) => comment.id === commentId && comment.status === 'removed');
  const controls = <CommentControls commentId={commentId} status="removed" postOpen={false} />;
  if (found) return <CommentCard comment={card(found)} controls={controls} />;
  return (
    <article id={`comment-${commentId}`} className="comment">
      <p className="meta">Comment removed by a moderator</p>
      {controls}
    </article>
  );
}
