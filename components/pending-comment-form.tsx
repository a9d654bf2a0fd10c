'use client';

import { useActionState, useEffect, useRef } from 'react';
import { postPendingCommentAction } from '@/app/comments/pending/actions';
import { COMMENT_MAX_LENGTH } from '@/lib/validations/limits';
import { noAnswer } from '@/lib/policies/form-state';

/**
 * The comment a visitor wrote before signing in. With JavaScript it is sent as soon as the page is
 * shown; without, one press of the button. A refusal shows its sentence with the text kept.
 */
export function PendingCommentForm({ body }: { body: string }) {
  const [state, action, pending] = useActionState(postPendingCommentAction, noAnswer);
  const form = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    form.current?.requestSubmit();
  }, []);
  const error = state.errors?.body ?? state.message;
  return (
    <form ref={form} action={action} className="flex flex-col gap-2" aria-busy={pending}>
      <label htmlFor="pending-comment" className="font-medium">
        Your comment
      </label>
      <textarea
        id="pending-comment"
        name="body"
        required
        rows={5}
        maxLength={COMMENT_MAX_LENGTH}
        defaultValue={state.values?.body ?? body}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'pending-comment-error' : undefined}
        className="rounded border border-[var(--color-line)] bg-[var(--color-card)] px-3 py-2"
      />
      {error ? (
        <p id="pending-comment-error" role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <div>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-paper)] disabled:opacity-60"
        >
          {pending ? 'Posting…' : 'Post comment'}
        </button>
      </div>
    </form>
  );
}
