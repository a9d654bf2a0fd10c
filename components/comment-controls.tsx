import Link from 'next/link';
import { deleteCommentAction, toggleLikeAction } from '@/app/posts/[slug]/actions';
import type { PublicComment } from '@/db/queries/comments';
import { EDIT_WINDOW_MS } from '@/lib/validations/limits';
import { CommentForm } from './comment-form';
import { CommentEditForm, CommentReportForm } from './comment-forms';

export type ReaderCommentState = {
  liked: Set<number>;
  reported: Set<number>;
  own: Map<number, { createdAt: Date; markdown: string }>;
};

/** Which comment's reply, edit, report or (moderators) remove form is open: `?reply=12`, `?remove=12`… */
export type OpenCommentForm = { kind: 'reply' | 'edit' | 'report' | 'remove'; commentId: number } | null;

type CommentControlsProps = {
  comment: PublicComment;
  postId: number;
  slug: string;
  commentsOpen: boolean;
  reader: ReaderCommentState;
  open: OpenCommentForm;
  now: Date;
};

/**
 * A signed-in reader's controls under one comment. Like and Delete are one-button forms; Reply, Edit
 * and Report are links that open their form under this comment only (a page with a hundred comments
 * does not carry a hundred forms), and all of it works without JavaScript.
 */
export function CommentControls({ comment, postId, slug, commentsOpen, reader, open, now }: CommentControlsProps) {
  if (comment.status !== 'visible') return null;
  const own = reader.own.get(comment.id);
  const editable = own !== undefined && now.getTime() - own.createdAt.getTime() < EDIT_WINDOW_MS;
  const liked = reader.liked.has(comment.id);
  const formHref = (kind: 'reply' | 'edit' | 'report') => `/posts/${slug}?${kind}=${comment.id}#comment-${comment.id}`;
  const isOpen = (kind: 'reply' | 'edit' | 'report') => open?.kind === kind && open.commentId === comment.id;
  return (
    <div className="mt-1">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {/* Nobody likes their own comment (the action refuses it too). */}
        {own ? null : (
          <form action={toggleLikeAction}>
            <input type="hidden" name="commentId" value={comment.id} />
            <button type="submit" aria-pressed={liked} className="underline">
              {liked ? 'Unlike' : 'Like'}
            </button>
          </form>
        )}
        {commentsOpen ? <Link href={formHref('reply')}>Reply</Link> : null}
        {editable ? <Link href={formHref('edit')}>Edit</Link> : null}
        {own ? (
          <form action={deleteCommentAction}>
            <input type="hidden" name="commentId" value={comment.id} />
            <button type="submit" className="underline">
              Delete
            </button>
          </form>
        ) : reader.reported.has(comment.id) ? (
          <span className="meta">Reported</span>
        ) : (
          <Link href={formHref('report')}>Report</Link>
        )}
      </div>
      {isOpen('reply') && commentsOpen ? (
        <div className="mt-2">
          <CommentForm postId={postId} parentId={comment.id} label="Your reply" submitLabel="Post reply" />
        </div>
      ) : null}
      {isOpen('edit') && editable ? <CommentEditForm commentId={comment.id} markdown={own.markdown} /> : null}
      {isOpen('report') && !own ? <CommentReportForm commentId={comment.id} /> : null}
    </div>
  );
}
