import Link from 'next/link';
import { moderateCommentsAction } from '@/app/moderation/actions';
import { removalReasons } from '@/lib/policies/moderation-reasons';

type ModeratorControlsProps = {
  commentId: number;
  status: 'visible' | 'deleted' | 'removed' | 'held';
  /** The moderator's own comment: no "Ban author…" (lib/services/moderation.ts refuses it). */
  own: boolean;
  slug: string;
  /** The remove form is open under this comment (`?remove=<id>`). */
  removeOpen: boolean;
  returnTo: string;
};

/** A moderator's buttons under a comment on the post page: Remove (with a reason), Restore, Approve. */
export function ModeratorControls({ commentId, status, own, slug, removeOpen, returnTo }: ModeratorControlsProps) {
  if (status === 'deleted') return null;
  const back = `${returnTo}#comment-${commentId}`;
  const button = (action: string, label: string) => (
    <form action={moderateCommentsAction}>
      <input type="hidden" name="target" value={`${action}:${commentId}`} />
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
        {status === 'held' ? button('approve', 'Approve') : null}
        {status === 'removed' ? button('restore', 'Restore') : null}
        {status !== 'removed' && !removeOpen ? (
          <Link href={`${returnTo}?remove=${commentId}#comment-${commentId}`}>Remove</Link>
        ) : null}
        {own ? null : <Link href={`/moderation/comments/${commentId}/author`}>Ban author…</Link>}
      </div>
      {removeOpen && status !== 'removed' ? (
        <form action={moderateCommentsAction} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="target" value={`remove:${commentId}`} />
          <input type="hidden" name="returnTo" value={back} />
          <RemovalReasonFields label="Reason" />
          <button type="submit" className="button-danger">
            Remove comment
          </button>
          <Link href={`/posts/${slug}#comment-${commentId}`}>Cancel</Link>
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
