'use client';

import { useActionState } from 'react';
import { postCommentAction } from '@/app/posts/[slug]/actions';
import { COMMENT_MAX_LENGTH } from '@/lib/validations/limits';
import { noAnswer } from '@/lib/form-state';

type CommentFormProps = {
  postId: number;
  /** Set for a reply. */
  parentId?: number;
  label: string;
  submitLabel: string;
};

/**
 * A plain form posting to a server action: without JavaScript the browser posts it and is sent back
 * to the new comment; with JavaScript it posts in the background, shows that it is posting, and the
 * page updates without a reload. On an error the typed text stays in the box.
 */
export function CommentForm({ postId, parentId, label, submitLabel }: CommentFormProps) {
  const [state, action, pending] = useActionState(postCommentAction, noAnswer);
  const id = parentId ? `reply-${parentId}` : 'new-comment';
  const error = state.errors?.body ?? state.message;
  return (
    <form action={action} className="flex flex-col gap-2" aria-busy={pending}>
      <input type="hidden" name="postId" value={postId} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <textarea
        id={id}
        name="body"
        required
        rows={parentId ? 3 : 5}
        maxLength={COMMENT_MAX_LENGTH}
        defaultValue={state.values?.body}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        className="rounded border border-[var(--color-line)] bg-[var(--color-card)] px-3 py-2"
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="meta">
          Markdown works: *emphasis*, **bold**, `code`, [links](https://example.com), lists and quotes.
        </p>
      )}
      <div>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-paper)] disabled:opacity-60"
        >
          {pending ? 'Posting…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
