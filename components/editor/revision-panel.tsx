'use client';

import { diffLines } from 'diff';
import { useEffect, useState } from 'react';
import { getRevisionAction, listRevisionsAction, type RevisionContent } from '@/app/dashboard/posts/[id]/actions';
import type { RevisionSummary } from '@/db/queries/authoring';
import { formatLocalDateTime } from '@/lib/policies/format';
import type { PostDocument } from '@/lib/validations/post';

type RevisionPanelProps = {
  postId: number;
  current: PostDocument;
  /** Reloads the list after every save. */
  version: number;
  onRestore: (revisionId: number) => Promise<void>;
};

const kindNames = { autosave: 'Editing session', publish: 'Published', schedule: 'Scheduled', restore: 'Restored' };
const when = (date: Date | string) => formatLocalDateTime(new Date(date));

/** History: every publish and every editing session; show one, compare it with now, restore it. */
export function RevisionPanel({ postId, current, version, onRestore }: RevisionPanelProps) {
  const [revisions, setRevisions] = useState<RevisionSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<{ id: number; content: Extract<RevisionContent, { ok: true }> } | null>(null);
  const [view, setView] = useState<'text' | 'compare'>('text');
  const [restoring, setRestoring] = useState(false);

  useEffect(() => {
    let cancelled = false;
    listRevisionsAction({ postId })
      .then((result) => {
        if (cancelled) return;
        if (result.ok) setRevisions(result.revisions);
        else setProblem(result.message);
      })
      .catch(() => !cancelled && setProblem('The history could not be loaded. Check the connection.'));
    return () => {
      cancelled = true;
    };
  }, [postId, version]);

  const show = async (id: number, mode: 'text' | 'compare') => {
    const content = await getRevisionAction({ postId, revisionId: id }).catch(() => null);
    if (!content?.ok) {
      setProblem(content?.message ?? 'The revision could not be loaded.');
      return;
    }
    setOpen({ id, content });
    setView(mode);
  };

  return (
    <section
      aria-labelledby="history-heading"
      className="flex flex-col gap-3 rounded border border-[var(--color-line)] p-4"
    >
      <h2 id="history-heading" className="font-semibold">
        History
      </h2>
      {problem ? <p role="alert">{problem}</p> : null}
      {revisions === null && !problem ? <p className="meta">Loading…</p> : null}
      {revisions?.length === 0 ? <p className="meta">No revisions yet: they appear as you save.</p> : null}
      <ol className="flex max-h-72 flex-col gap-2 overflow-y-auto text-sm">
        {revisions?.map((revision) => (
          <li key={revision.id} className="flex flex-col gap-1 border-b border-[var(--color-line)] pb-2">
            <span>
              <strong>{kindNames[revision.kind]}</strong> · {when(revision.savedAt)} · {revision.authorName}
            </span>
            <span className="meta truncate">{revision.title || 'Untitled'}</span>
            <span className="flex gap-3">
              <button type="button" className="underline" onClick={() => void show(revision.id, 'text')}>
                Show<span className="sr-only"> revision of {when(revision.savedAt)}</span>
              </button>
              <button type="button" className="underline" onClick={() => void show(revision.id, 'compare')}>
                Compare<span className="sr-only"> revision of {when(revision.savedAt)} with the current text</span>
              </button>
            </span>
          </li>
        ))}
      </ol>
      {open ? (
        <div className="flex flex-col gap-2" aria-label="Revision" role="region">
          <p className="text-sm">
            {kindNames[open.content.kind as keyof typeof kindNames] ?? 'Revision'} of {when(open.content.savedAt)}:{' '}
            <strong>{open.content.document.title || 'Untitled'}</strong>
          </p>
          {view === 'text' ? (
            <pre className="max-h-80 overflow-auto whitespace-pre-wrap rounded bg-[var(--color-accent-soft)] p-2 text-xs">
              {open.content.document.markdown}
            </pre>
          ) : (
            <Comparison before={open.content.document} after={current} />
          )}
          <div className="flex gap-3">
            <button
              type="button"
              className="button-secondary"
              disabled={restoring}
              onClick={async () => {
                setRestoring(true);
                await onRestore(open.id);
                setRestoring(false);
                setOpen(null);
              }}
            >
              Restore this revision
            </button>
            <button type="button" className="underline" onClick={() => setOpen(null)}>
              Close
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Comparison({ before, after }: { before: PostDocument; after: PostDocument }) {
  const parts = diffLines(`# ${before.title}\n\n${before.markdown}\n`, `# ${after.title}\n\n${after.markdown}\n`);
  const changed = parts.some((part) => part.added || part.removed);
  return (
    <div className="flex flex-col gap-1">
      <p className="meta">
        {changed
          ? 'Lines only in this revision are struck out; lines only in the current text are underlined.'
          : 'Same text as now.'}
      </p>
      <pre
        data-testid="revision-diff"
        className="max-h-80 overflow-auto whitespace-pre-wrap rounded border border-[var(--color-line)] p-2 text-xs"
      >
        {parts.map((part, index) =>
          part.removed ? (
            <del key={index} className="bg-red-100 dark:bg-red-950">
              {part.value}
            </del>
          ) : part.added ? (
            <ins key={index} className="bg-green-100 dark:bg-green-950">
              {part.value}
            </ins>
          ) : (
            <span key={index}>{part.value}</span>
          ),
        )}
      </pre>
    </div>
  );
}
