'use client';

import { useActionState } from 'react';
import { editCommentAction, reportCommentAction } from '@/app/posts/[slug]/actions';
import { COMMENT_MAX_LENGTH, REPORT_DETAILS_MAX_LENGTH } from '@/lib/validations/limits';
import { noAnswer } from '@/lib/policies/form-state';

const buttonClass =
  'rounded bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-paper)] disabled:opacity-60';
const errorClass = 'text-sm font-medium text-red-700 dark:text-red-300';

/** Edits one's own comment; shown only within the 15-minute window, which the server checks again. */
export function CommentEditForm({ commentId, markdown }: { commentId: number; markdown: string }) {
  const [state, action, pending] = useActionState(editCommentAction, noAnswer);
  const id = `edit-${commentId}`;
  const error = state.errors?.body ?? state.message;
  return (
    <form action={action} className="mt-2 flex flex-col gap-2">
      <input type="hidden" name="commentId" value={commentId} />
      <label htmlFor={id} className="font-medium">
        Edit your comment
      </label>
      <textarea
        id={id}
        name="body"
        required
        rows={4}
        maxLength={COMMENT_MAX_LENGTH}
        defaultValue={state.values?.body ?? markdown}
        aria-describedby={error ? `${id}-error` : undefined}
        className="rounded border border-[var(--color-line)] bg-[var(--color-card)] px-3 py-2"
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className={errorClass}>
          {error}
        </p>
      ) : null}
      <div>
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

const reasons = [
  ['spam', 'Spam'],
  ['abuse', 'Abusive or hateful'],
  ['off-topic', 'Off-topic'],
  ['other', 'Something else'],
] as const;

/** Reports a comment to the moderators with a reason. */
export function CommentReportForm({ commentId }: { commentId: number }) {
  const [state, action, pending] = useActionState(reportCommentAction, noAnswer);
  const id = `report-${commentId}`;
  if (state.message && !state.errors) {
    return (
      <p role="status" className="mt-2 rounded border border-[var(--color-line)] p-3">
        {state.message}
      </p>
    );
  }
  return (
    <form action={action} className="mt-2 flex flex-col gap-2">
      <input type="hidden" name="commentId" value={commentId} />
      <fieldset
        className="flex flex-col gap-1"
        aria-describedby={state.errors?.reason ? `${id}-reason-error` : undefined}
      >
        <legend className="font-medium">Why should moderators look at this comment?</legend>
        {reasons.map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input type="radio" name="reason" value={value} defaultChecked={state.values?.reason === value} required />
            {label}
          </label>
        ))}
      </fieldset>
      {state.errors?.reason ? (
        <p id={`${id}-reason-error`} role="alert" className={errorClass}>
          {state.errors.reason}
        </p>
      ) : null}
      <label htmlFor={`${id}-details`} className="font-medium">
        Details <span className="meta">(needed for “Something else”)</span>
      </label>
      <textarea
        id={`${id}-details`}
        name="details"
        rows={2}
        maxLength={REPORT_DETAILS_MAX_LENGTH}
        defaultValue={state.values?.details}
        aria-describedby={state.errors?.details ? `${id}-details-error` : undefined}
        className="rounded border border-[var(--color-line)] bg-[var(--color-card)] px-3 py-2"
      />
      {state.errors?.details ? (
        <p id={`${id}-details-error`} role="alert" className={errorClass}>
          {state.errors.details}
        </p>
      ) : null}
      <div>
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? 'Sending…' : 'Send report'}
        </button>
      </div>
    </form>
  );
}
