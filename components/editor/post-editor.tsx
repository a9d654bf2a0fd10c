'use client';

import Link from 'next/link';
import { useState } from 'react';
import { statusText } from '@/lib/editor/editor-state';
import { formatLocalTime } from '@/lib/policies/format';
import type { EditorSnapshot } from '@/lib/services/post-workflow';
import { ConflictAlert, EditorNotice, RecoveredDraftAlert } from './editor-alerts';
import { PublishPanel } from './publish-panel';
import { RevisionPanel } from './revision-panel';
import { RichTextEditor } from './rich-text-editor';
import { SidePanel } from './side-panel';
import { uploadImage } from './upload';
import { useEditorSession } from './use-editor-session';

type PostEditorProps = { initial: EditorSnapshot; authorName: string; knownLabels: string[] };

const timeOf = (iso: string) => formatLocalTime(new Date(iso));

/**
 * The editor. What it shows follows from one state (lib/editor/editor-state.ts); saving, the browser
 * copy and leaving the page are the session hook's (./use-editor-session.ts). This component wires
 * the two to the fields and panels. The status line always says where the text is.
 */
export function PostEditor({ initial, authorName, knownLabels }: PostEditorProps) {
  const editor = useEditorSession(initial);
  const { state, recovered, change } = editor;
  const { document, snapshot, save, errors, notice } = state;
  const [mode, setMode] = useState<'rich' | 'markdown'>('rich');
  const [historyOpen, setHistoryOpen] = useState(false);
  const showError = (message: string) => editor.setNotice(message, 'error');

  return (
    <main className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="meta">
          {authorName} · <Link href="/dashboard">All posts</Link>
        </p>
        <p
          role="status"
          aria-live="polite"
          data-save-state={save.kind}
          className={`text-sm font-medium ${save.kind === 'clean' ? 'text-[var(--color-muted)]' : ''}`}
        >
          {statusText(save, timeOf)}
        </p>
      </div>

      {recovered ? (
        <RecoveredDraftAlert
          changedAt={timeOf(recovered.changedAt)}
          onRestore={() => editor.restoreLocal(recovered)}
          onDiscard={editor.discardLocal}
        />
      ) : null}
      {save.kind === 'conflict' ? (
        <ConflictAlert
          server={save.server}
          timeOf={timeOf}
          onKeepMine={() => void editor.keepMine()}
          onTakeTheirs={editor.takeTheirs}
        />
      ) : null}
      {notice ? <EditorNotice notice={notice} /> : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="flex min-w-0 flex-col gap-3">
          <label htmlFor="post-title" className="sr-only">
            Title
          </label>
          <input
            id="post-title"
            className="w-full border-0 border-b border-[var(--color-line)] bg-transparent py-2 font-serif text-3xl font-bold focus:outline-none"
            placeholder="Title"
            value={document.title}
            maxLength={200}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? 'post-title-error' : undefined}
            onChange={(event) => change({ title: event.target.value })}
          />
          {errors.title ? (
            <p id="post-title-error" className="text-sm text-red-700 dark:text-red-300">
              {errors.title}
            </p>
          ) : null}
          <RichTextEditor
            markdown={document.markdown}
            resetSignal={state.resets}
            mode={mode}
            onModeChange={setMode}
            onChange={(markdown) => change({ markdown })}
            uploadImage={uploadImage}
            onUploadError={showError}
          />
          {errors.markdown ? <p className="text-sm text-red-700 dark:text-red-300">{errors.markdown}</p> : null}
        </div>
        <aside className="flex flex-col gap-6" aria-label="Post settings">
          <PublishPanel
            snapshot={snapshot}
            error={errors.publishAt}
            onPublish={() => void editor.act('publish')}
            onUpdate={() => void editor.act('update')}
            onSchedule={(at) => void editor.act('schedule', at)}
            onUnpublish={() => void editor.act('unpublish')}
            onDiscard={() => void editor.discardChanges()}
            onPreview={() => void editor.preview()}
            onTrash={() => void editor.trash()}
            onHistory={() => setHistoryOpen((open) => !open)}
            historyOpen={historyOpen}
          />
          {historyOpen ? (
            <RevisionPanel
              postId={snapshot.postId}
              current={document}
              version={snapshot.version}
              onRestore={editor.restoreRevision}
            />
          ) : null}
          <SidePanel
            document={document}
            slug={snapshot.slug}
            status={snapshot.status}
            kind={snapshot.kind}
            errors={errors}
            knownLabels={knownLabels}
            onChange={change}
            onUploadError={showError}
          />
        </aside>
      </div>
    </main>
  );
}
