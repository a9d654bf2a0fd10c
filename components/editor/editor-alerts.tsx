import type { Notice } from '@/lib/editor/editor-state';
import type { EditorSnapshot } from '@/lib/services/post-workflow';

// The editor's messages above the text: a browser copy to restore, a conflict to settle, a notice.

export function RecoveredDraftAlert({
  changedAt,
  onRestore,
  onDiscard,
}: {
  changedAt: string;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded border border-amber-400 bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <p>
        This browser kept changes from {changedAt} that never reached the server (the page was closed, or the connection
        dropped).
      </p>
      <div className="mt-2 flex gap-3">
        <button type="button" className="button-secondary" onClick={onRestore}>
          Restore my changes
        </button>
        <button type="button" className="underline" onClick={onDiscard}>
          Discard them
        </button>
      </div>
    </div>
  );
}

export function ConflictAlert({
  server,
  timeOf,
  onKeepMine,
  onTakeTheirs,
}: {
  server: EditorSnapshot;
  timeOf: (iso: string) => string;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-medium">
        This post was changed somewhere else (another tab or another person) since you opened it
        {server.editedAt ? `, at ${timeOf(server.editedAt)}` : ''}. Nothing was overwritten.
      </p>
      <p className="mt-1">
        The other version’s title: “{server.document.title || 'Untitled'}”. Your text is kept in this browser until you
        choose.
      </p>
      <div className="mt-2 flex flex-wrap gap-3">
        <button type="button" className="button-secondary" onClick={onKeepMine}>
          Keep my version
        </button>
        <button type="button" className="button-secondary" onClick={onTakeTheirs}>
          Load the other version
        </button>
      </div>
    </div>
  );
}

export function EditorNotice({ notice }: { notice: Notice }) {
  return (
    <p
      role={notice.tone === 'ok' ? 'status' : 'alert'}
      className={
        notice.tone === 'ok'
          ? 'rounded border border-[var(--color-line)] bg-[var(--color-accent-soft)] p-3'
          : 'rounded border border-red-300 bg-red-50 p-3 text-red-800 dark:bg-red-950 dark:text-red-200'
      }
    >
      {notice.text}
    </p>
  );
}
