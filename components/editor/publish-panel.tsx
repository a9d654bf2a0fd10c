'use client';

import { useState } from 'react';
import { formatLocalDateTime } from '@/lib/policies/format';
import type { EditorSnapshot } from '@/lib/services/post-workflow';

type PublishPanelProps = {
  snapshot: EditorSnapshot;
  error?: string;
  historyOpen: boolean;
  onPublish: () => void;
  onUpdate: () => void;
  onSchedule: (isoTime: string) => void;
  onUnpublish: () => void;
  onDiscard: () => void;
  onPreview: () => void;
  onTrash: () => void;
  onHistory: () => void;
};

const dateTime = (iso: string) => formatLocalDateTime(new Date(iso));

/** A datetime-local value (the author's own time zone) for a moment. */
function localInputValue(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function PublishPanel(props: PublishPanelProps) {
  const { snapshot } = props;
  const [scheduleOpen, setScheduleOpen] = useState(false);
  const [when, setWhen] = useState(() =>
    localInputValue(
      snapshot.publishedAt && snapshot.status === 'scheduled'
        ? new Date(snapshot.publishedAt)
        : new Date(Date.now() + 3_600_000),
    ),
  );
  const live = snapshot.status === 'published';
  return (
    <section
      aria-labelledby="publish-heading"
      className="flex flex-col gap-3 rounded border border-[var(--color-line)] p-4"
    >
      <h2 id="publish-heading" className="font-semibold">
        Publishing
      </h2>
      <p data-testid="post-status">
        {snapshot.status === 'draft' ? 'Draft — only you and admins can see it.' : null}
        {snapshot.status === 'scheduled' && snapshot.publishedAt
          ? `Scheduled for ${dateTime(snapshot.publishedAt)}.`
          : null}
        {live && snapshot.publishedAt ? (
          <>
            Published {dateTime(snapshot.publishedAt)} ·{' '}
            <a
              href={`${snapshot.kind === 'page' ? '/pages/' : '/posts/'}${snapshot.slug}`}
              target="_blank"
              rel="noopener"
            >
              {snapshot.kind === 'page' ? 'view page' : 'view post'}
            </a>
          </>
        ) : null}
      </p>
      {live && snapshot.pendingChanges ? (
        <p className="text-sm">Your latest changes are saved but not live yet. “Update” publishes them.</p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {live ? (
          <button type="button" className="button-primary" onClick={props.onUpdate}>
            Update
          </button>
        ) : (
          <button type="button" className="button-primary" onClick={props.onPublish}>
            Publish now
          </button>
        )}
        <button type="button" className="button-secondary" onClick={props.onPreview}>
          Preview
        </button>
        {snapshot.kind === 'page' ? null : (
          <button
            type="button"
            className="button-secondary"
            aria-expanded={scheduleOpen}
            onClick={() => setScheduleOpen((open) => !open)}
          >
            {snapshot.status === 'scheduled' ? 'Reschedule…' : 'Schedule…'}
          </button>
        )}
      </div>
      {scheduleOpen ? (
        <form
          className="flex flex-col gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const at = new Date(when);
            if (Number.isNaN(at.getTime())) return;
            props.onSchedule(at.toISOString());
          }}
        >
          <label className="flex flex-col gap-1 text-sm">
            Publish at (your time)
            <input
              type="datetime-local"
              className="input"
              value={when}
              required
              aria-invalid={props.error ? true : undefined}
              onChange={(event) => setWhen(event.target.value)}
            />
          </label>
          {props.error ? <p className="text-sm text-red-700 dark:text-red-300">{props.error}</p> : null}
          <div>
            <button type="submit" className="button-secondary">
              Schedule
            </button>
          </div>
        </form>
      ) : null}
      <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
        {live || snapshot.status === 'scheduled' ? (
          <button type="button" className="underline" onClick={props.onUnpublish}>
            Unpublish (back to draft)
          </button>
        ) : null}
        {live && snapshot.pendingChanges ? (
          <button type="button" className="underline" onClick={props.onDiscard}>
            Discard unpublished changes
          </button>
        ) : null}
        <button type="button" className="underline" aria-expanded={props.historyOpen} onClick={props.onHistory}>
          History
        </button>
        <button type="button" className="underline text-red-800 dark:text-red-300" onClick={props.onTrash}>
          Move to trash
        </button>
      </div>
    </section>
  );
}
