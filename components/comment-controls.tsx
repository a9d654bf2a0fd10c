'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { deleteCommentAction, toggleLikeAction } from '@/app/posts/[slug]/actions';
import { CommentForm } from './comment-form';
import { CommentEditForm, CommentReportForm } from './comment-forms';
import { ModeratorControls } from './moderator-controls';
import { useViewer } from './viewer-context';

type CommentControlsProps = {
  commentId: number;
  status: 'visible' | 'deleted' | 'removed' | 'held';
  /** The post takes comments (not closed by its author or by age). */
  postOpen: boolean;
};

const LIKE_FORM_ID = 'like-form';

/**
 * The page's one Like form: each comment's Like button submits it with its comment's id
 * (`<button form name value>`), so the shared HTML does not repeat a form and its action's id per
 * comment. Rendered once by the threads, which hold every Like button.
 */
export function LikeForm() {
  return <form id={LIKE_FORM_ID} action={toggleLikeAction} hidden />;
}

/**
 * The buttons under one comment. The shared page's HTML carries what anyone may try (Like, Reply,
 * Report: the server decides who may act, and sends visitors to sign in); in the browser the
 * viewer's state (components/viewer-context.tsx) turns them into Unlike, Reported, Edit and Delete
 * on their own comments, and a moderator's controls. Reply, Edit, Report and Remove are links to the
 * per-request page that opens that form here, so everything works without JavaScript.
 */
export function CommentControls({ commentId, status, postOpen }: CommentControlsProps) {
  const { state, open, postId, slug, here } = useViewer();
  const pathname = usePathname();
  const own = state.own.find((comment) => comment.id === commentId);
  const moderation = state.moderates ? (
    <ModeratorControls
      commentId={commentId}
      status={status}
      own={
        own !== undefined ||
        state.hidden.some((hidden) => hidden.id === commentId && hidden.authorId === state.user?.id)
      }
      slug={slug}
      returnTo={here}
      removeOpen={open?.kind === 'remove' && open.commentId === commentId}
    />
  ) : null;
  if (status !== 'visible') return moderation;
  // Worked out when the state was made; the server checks the 15 minutes again on saving.
  const editable = own !== undefined && own.editableUntil > 0;
  const liked = state.liked.includes(commentId);
  const replyable = postOpen && state.commentsOpen;
  // On this page of comments itself (the shared page), a query of its own: the same address, shorter.
  const base = pathname === here ? '' : here;
  const formHref = (kind: 'reply' | 'edit' | 'report') => `${base}?${kind}=${commentId}#comment-${commentId}`;
  const isOpen = (kind: 'reply' | 'edit' | 'report') => open?.kind === kind && open.commentId === commentId;
  return (
    <>
      <div className="comment-buttons">
        {/* Nobody likes their own comment (the action refuses it too). */}
        {own ? null : (
          <button form={LIKE_FORM_ID} name="commentId" value={commentId} aria-pressed={liked}>
            {liked ? 'Unlike' : 'Like'}
          </button>
        )}
        {replyable ? <Link href={formHref('reply')}>Reply</Link> : null}
        {editable ? <Link href={formHref('edit')}>Edit</Link> : null}
        {own ? (
          <form action={deleteCommentAction}>
            <input type="hidden" name="commentId" value={commentId} />
            <button type="submit">Delete</button>
          </form>
        ) : state.reported.includes(commentId) ? (
          <span className="meta">Reported</span>
        ) : (
          <Link href={formHref('report')}>Report</Link>
        )}
      </div>
      {isOpen('reply') && replyable ? (
        <div className="mt-2">
          <CommentForm postId={postId} parentId={commentId} label="Your reply" submitLabel="Post reply" />
        </div>
      ) : null}
      {isOpen('edit') && editable && state.editing?.id === commentId ? (
        <CommentEditForm commentId={commentId} markdown={state.editing.markdown} />
      ) : null}
      {isOpen('report') && !own ? <CommentReportForm commentId={commentId} /> : null}
      {moderation}
    </>
  );
}
