'use client';

import { useState } from 'react';
import type { CommentFormAnswer } from '@/lib/policies/comment-form-answer';
import { COMMENT_MAX_LENGTH } from '@/lib/validations/limits';
import { useViewer } from './viewer-context';

type CommentFormProps = {
  postId: number;
  /** Set for a reply. */
  parentId?: number;
  label: string;
  submitLabel: string;
};

const NOT_SENT = 'The comment could not be sent. Check your connection and try again.';

/** The route handler's answer: JSON, or a sentence as plain text (a refusal made before it read the form). */
async function readAnswer(response: Response): Promise<CommentFormAnswer> {
  if ((response.headers.get('content-type') ?? '').includes('application/json')) {
    return (await response.json()) as CommentFormAnswer;
  }
  return { message: (await response.text()).slice(0, 300) || NOT_SENT };
}

/**
 * A plain form posting to app/api/posts/[id]/comments: without JavaScript the browser posts it and
 * is sent to the new comment (or back here, with the sentence and the text kept). With JavaScript it
 * posts in the background, shows that it is posting and shows a refusal under the box with the text
 * still in it; on success the browser loads the page at the new comment.
 */
export function CommentForm({ postId, parentId, label, submitLabel }: CommentFormProps) {
  const { here, refused, state } = useViewer();
  // A refused comment sent back here without JavaScript (per-request pages only).
  const kept = refused && refused.parentId === (parentId ?? null) ? refused : null;
  const [error, setError] = useState(kept?.problem);
  const [sending, setSending] = useState(false);
  // Posted: the page is on its way (a whole page load), the button stays busy until it comes.
  const [landing, setLanding] = useState(false);
  const pending = sending || landing;
  const id = parentId ? `reply-${parentId}` : 'new-comment';

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSending(true);
    let answer: CommentFormAnswer;
    try {
      // Urlencoded, as the browser sends it without JavaScript (and so answered by the same path).
      const fields = [...new FormData(form)].map(([name, value]) => [name, String(value)]);
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { Accept: 'application/json' },
      });
      answer = await readAnswer(response);
    } catch {
      answer = { message: NOT_SENT };
    }
    setSending(false);
    if ('message' in answer) {
      setError(answer.errors?.body ?? answer.message);
      return;
    }
    setError(undefined);
    setLanding(true);
    // A whole page load, as without JavaScript: the server's copy is fresh the moment the answer
    // comes (its cache tags are dropped first); the client router's refresh proved unreliable for
    // it. The same address with a new #anchor would not load: reloaded instead.
    const target = new URL(answer.location, window.location.href);
    const samePage = target.pathname === window.location.pathname && target.search === window.location.search;
    window.location.assign(target.href);
    if (samePage) window.location.reload();
  }

  return (
    <form
      method="post"
      action={`/api/posts/${postId}/comments`}
      onSubmit={submit}
      className="flex flex-col gap-2"
      aria-busy={pending}
    >
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <input type="hidden" name="here" value={here} />
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <textarea
        id={id}
        name="body"
        required
        rows={parentId ? 3 : 5}
        maxLength={COMMENT_MAX_LENGTH}
        defaultValue={kept?.body}
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
      {state.user && !state.following ? (
        // Checked by default, and said so: commenting follows the discussion unless unticked.
        <label className="meta flex items-center gap-2">
          <input type="checkbox" name="follow" defaultChecked />
          Notify me of new comments on this post
        </label>
      ) : null}
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
