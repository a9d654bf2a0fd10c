import Link from 'next/link';
import { moderateCommentsAction } from '@/app/moderation/actions';
import type { PublicComment } from '@/db/queries/comments';
import { removalReasons } from '@/lib/moderation';

type ModeratorControlsProps = {
  comment: PublicComment;
  /** The moderator looking: no "Ban author…" under their own comments (lib/moderation.ts refuses it). */
  viewerId: string;
  slug: string;
  /** The remove form is open under this comment (`?remove=<id>`). */
  removeOpen: boolean;
  returnTo: string;
};

/** A moderator's buttons under a comment on the post page: Remove (with a reason), Restore, Approve. */
export function ModeratorControls({ comment, viewerId, slug, removeOpen, returnTo }: ModeratorControlsProps) {
  if (comment.status === 'deleted') return null;
  const back = `${returnTo}#comment-${comment.id}`;
  const button = (action: string, label: string) => (
    <form action={moderateCommentsAction}>
      <input type="hidden" name="target" value={`${action}:${comment.id}`} />
      <input type="hidden" name="returnTo" value={back} />
      <button type="submit" className="underline">
        {label}
      </button>
    </form>
  );
  return (
    <div className="mt-1 flex flex-col gap-2 text-sm" aria-label="Moderation">
      <div className="flex flex-wrap items-center gap-3">
        <span className="meta">Moderation:</span>
        {comment.status === 'held' ? button('approve', 'Approve') : null}
        {comment.status === 'removed' ? button('restore', 'Restore') : null}
        {comment.status !== 'removed' && !removeOpen ? (
          <Link href={`/posts/${slug}?remove=${comment.id}#comment-${comment.id}`}>Remove</Link>
        ) : null}
        {comment.authorId && comment.authorId !== viewerId ? (
          <Link href={`/moderation/users/${comment.authorId}`}>Ban author…</Link>
        ) : null}
      </div>
      {removeOpen && comment.status !== 'removed' ? (
        <form action={moderateCommentsAction} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="target" value={`remove:${comment.id}`} />
          <input type="hidden" name="returnTo" value={back} />
          <RemovalReasonFields label="Reason" />
          <button type="submit" className="button-danger">
            Remove comment
          </button>
          <Link href={`/posts/${slug}#comment-${comment.id}`}>Cancel</Link>
        </form>
      ) : null}
    </div>
  );
}

/** The reason for a removal: one from the short list, or "Other" with the moderator's own words. */
export function RemovalReasonFields({ label }: { label: string }) {
  return (
    <>
      <label className="flex flex-col gap-1">
        {label}
        <select name="reasonChoice" className="input" defaultValue={removalReasons[0]}>
          {removalReasons.map((reason) => (
            <option key={reason} value={reason}>
              {reason}
            </option>
          ))}
          <option value="other">Other (write it)</option>
        </select>
      </label>
      <label className="flex flex-col gap-1">
        Other reason
        <input name="reason" className="input" maxLength={500} />
      </label>
    </>
  );
}
