'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  discardChangesAction,
  restoreRevisionAction,
  savePostAction,
  trashPostAction,
  type EditorActionResult,
} from '@/app/dashboard/posts/[id]/actions';
import { localDraftKey, parseLocalDraft, sameDocument, type LocalDraft } from '@/lib/editor/local-draft';
import { formatLocalTime } from '@/lib/format';
import type { EditorSnapshot } from '@/lib/post-workflow';
import type { PostDocument, SaveIntent } from '@/lib/validations/post';
import { PublishPanel } from './publish-panel';
import { RevisionPanel } from './revision-panel';
import { RichTextEditor } from './rich-text-editor';
import { SidePanel } from './side-panel';
import { uploadImage } from './upload';

const AUTOSAVE_DELAY_MS = 2000;
const RETRY_DELAY_MS = 5000;

type SaveState =
  | { kind: 'clean'; savedAt: string | null }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  | { kind: 'conflict'; server: EditorSnapshot }
  | { kind: 'error'; message: string };

type PostEditorProps = { initial: EditorSnapshot; authorName: string; knownLabels: string[] };

const timeOf = (iso: string) => formatLocalTime(new Date(iso));

/**
 * The editor. Every change is kept in localStorage at once and sent to the server two seconds after
 * typing stops; a save never overwrites a newer copy on the server (another tab, another admin)
 * without asking. The status line always says where the text is.
 */
export function PostEditor({ initial, authorName, knownLabels }: PostEditorProps) {
  const router = useRouter();
  const postId = initial.postId;
  const [sessionId] = useState(() => crypto.randomUUID());
  const [document, setDocument] = useState<PostDocument>(initial.document);
  const [snapshot, setSnapshot] = useState<EditorSnapshot>(initial);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'clean', savedAt: initial.editedAt });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ text: string; tone: 'ok' | 'error' } | null>(null);
  const [mode, setMode] = useState<'rich' | 'markdown'>('rich');
  const [resetSignal, setResetSignal] = useState(0);
  const storageKey = localDraftKey(postId);
  // Rendered in the browser only (see post-editor-loader): what this browser kept and the server
  // never got (a crash, a closed tab, offline) is offered back.
  const [recovered, setRecovered] = useState<LocalDraft | null>(() => {
    const local = parseLocalDraft(window.localStorage.getItem(storageKey));
    return local && !sameDocument(local.document, initial.document) ? local : null;
  });
  const [historyOpen, setHistoryOpen] = useState(false);

  // The latest values, for timers and async callbacks.
  const documentRef = useRef(document);
  const versionRef = useRef(initial.version);
  const inFlight = useRef<Promise<unknown> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const blocked = useRef(false);
  // The text the server last confirmed: leaving the page with anything else asks first.
  const snapshotDocument = useRef(initial.document);
  const sendRef = useRef<(intent: SaveIntent) => Promise<unknown>>(async () => undefined);

  const keepLocally = useCallback(
    (next: PostDocument) => {
      const draft: LocalDraft = {
        document: next,
        baseVersion: versionRef.current,
        changedAt: new Date().toISOString(),
      };
      try {
        window.localStorage.setItem(storageKey, JSON.stringify(draft));
      } catch {
        // Storage full or disabled: the server copy is still on its way.
      }
    },
    [storageKey],
  );

  const replaceDocument = (next: PostDocument) => {
    documentRef.current = next;
    setDocument(next);
    setResetSignal((value) => value + 1);
  };

  const send = useCallback(
    async (
      intent: SaveIntent,
      options: { publishAt?: string; overwrite?: boolean } = {},
    ): Promise<EditorActionResult | null> => {
      // One save at a time, in order: the next waits for the one on its way.
      while (inFlight.current) await inFlight.current.catch(() => undefined);
      const sent = documentRef.current;
      setSaveState({ kind: 'saving' });
      const request = savePostAction({
        postId,
        baseVersion: versionRef.current,
        sessionId,
        intent,
        publishAt: options.publishAt,
        overwrite: options.overwrite ?? false,
        document: sent,
      });
      inFlight.current = request;
      let result: EditorActionResult;
      try {
        result = await request;
      } catch {
        inFlight.current = null;
        setSaveState({ kind: 'offline' });
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void sendRef.current('autosave'), RETRY_DELAY_MS);
        return null;
      }
      inFlight.current = null;
      if (result.kind === 'saved') {
        versionRef.current = result.snapshot.version;
        setSnapshot(result.snapshot);
        setErrors(result.warnings ?? {});
        blocked.current = false;
        const unchanged = sameDocument(documentRef.current, sent);
        // Publishing settles the slug: show the one the post now has.
        if (intent !== 'autosave' && documentRef.current.slug !== result.snapshot.document.slug) {
          documentRef.current = { ...documentRef.current, slug: result.snapshot.document.slug };
          setDocument(documentRef.current);
        }
        if (unchanged) {
          window.localStorage.removeItem(storageKey);
          setSaveState({ kind: 'clean', savedAt: new Date().toISOString() });
        } else {
          // Typed while saving: keep the newer text locally with the new base, and save again.
          keepLocally(documentRef.current);
          setSaveState({ kind: 'dirty' });
          clearTimeout(timer.current);
          timer.current = setTimeout(() => void sendRef.current('autosave'), AUTOSAVE_DELAY_MS);
        }
        if (intent !== 'autosave') setNotice({ text: result.message, tone: 'ok' });
      } else if (result.kind === 'conflict') {
        blocked.current = true;
        clearTimeout(timer.current);
        setSaveState({ kind: 'conflict', server: result.snapshot });
      } else if (result.kind === 'invalid') {
        setErrors(result.errors);
        setSaveState({ kind: 'error', message: result.message });
        if (intent !== 'autosave') setNotice({ text: result.message, tone: 'error' });
      } else {
        blocked.current = true;
        setSaveState({ kind: 'error', message: result.message });
        setNotice({ text: result.message, tone: 'error' });
      }
      return result;
    },
    [postId, sessionId, storageKey, keepLocally],
  );
  useEffect(() => {
    sendRef.current = send;
  }, [send]);

  const change = (patch: Partial<PostDocument>) => {
    const next = { ...documentRef.current, ...patch };
    documentRef.current = next;
    setDocument(next);
    keepLocally(next);
    if (blocked.current) return;
    setSaveState({ kind: 'dirty' });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void send('autosave'), AUTOSAVE_DELAY_MS);
  };

  // Back online: send at once. Leaving with unsaved text: the browser asks first.
  useEffect(() => {
    const online = () => {
      if (!blocked.current) void send('autosave');
    };
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!sameDocument(documentRef.current, snapshotDocument.current) || inFlight.current) event.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
      clearTimeout(timer.current);
    };
  }, [send]);
  useEffect(() => {
    if (saveState.kind === 'clean') snapshotDocument.current = documentRef.current;
  }, [saveState]);

  const act = async (intent: SaveIntent, publishAt?: string) => {
    clearTimeout(timer.current);
    setNotice(null);
    await send(intent, { publishAt });
  };

  const resolveConflict = async (choice: 'mine' | 'theirs') => {
    if (saveState.kind !== 'conflict') return;
    const server = saveState.server;
    blocked.current = false;
    if (choice === 'theirs') {
      versionRef.current = server.version;
      setSnapshot(server);
      replaceDocument(server.document);
      window.localStorage.removeItem(storageKey);
      setSaveState({ kind: 'clean', savedAt: server.editedAt });
      setNotice({ text: 'Loaded the other version. Your text was replaced.', tone: 'ok' });
    } else {
      const result = await send('autosave', { overwrite: true });
      if (result?.kind === 'saved') setNotice({ text: 'Your version is saved over the other one.', tone: 'ok' });
    }
  };

  const afterServerChange = (result: EditorActionResult) => {
    if (result.kind === 'saved') {
      versionRef.current = result.snapshot.version;
      setSnapshot(result.snapshot);
      replaceDocument(result.snapshot.document);
      window.localStorage.removeItem(storageKey);
      setSaveState({ kind: 'clean', savedAt: new Date().toISOString() });
      setNotice({ text: result.message, tone: 'ok' });
    } else if (result.kind === 'conflict') {
      blocked.current = true;
      setSaveState({ kind: 'conflict', server: result.snapshot });
    } else {
      setNotice({ text: result.message, tone: 'error' });
    }
  };

  const flush = async () => {
    clearTimeout(timer.current);
    if (!sameDocument(documentRef.current, snapshotDocument.current) && !blocked.current) await send('autosave');
    while (inFlight.current) await inFlight.current.catch(() => undefined);
  };

  const restoreRevision = async (revisionId: number) => {
    await flush();
    afterServerChange(await restoreRevisionAction({ postId, revisionId, baseVersion: versionRef.current }));
  };

  const discard = async () => {
    await flush();
    afterServerChange(await discardChangesAction({ postId }));
  };

  const trash = async () => {
    await flush();
    const result = await trashPostAction({ postId });
    if (result.kind === 'saved') {
      window.localStorage.removeItem(storageKey);
      router.push(`/dashboard?status=trashed&notice=${encodeURIComponent('Moved to the trash.')}`);
    } else setNotice({ text: result.message, tone: 'error' });
  };

  const preview = async () => {
    // Opened first (a popup must come from the click), pointed at the preview once the text is saved.
    const tab = window.open('about:blank', '_blank');
    await flush();
    const url = `/dashboard/posts/${postId}/preview`;
    if (tab) tab.location.href = url;
    else router.push(url);
  };

  const statusText = (() => {
    switch (saveState.kind) {
      case 'clean':
        return saveState.savedAt ? `Saved ${timeOf(saveState.savedAt)}` : 'Saved';
      case 'dirty':
        return 'Unsaved changes';
      case 'saving':
        return 'Saving…';
      case 'offline':
        return 'Offline — changes kept in this browser';
      case 'conflict':
        return 'Not saved: this post changed elsewhere';
      case 'error':
        return `Not saved: ${saveState.message}`;
    }
  })();

  return (
    <main className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="meta">
          {authorName} · <Link href="/dashboard">All posts</Link>
        </p>
        <p
          role="status"
          aria-live="polite"
          data-save-state={saveState.kind}
          className={`text-sm font-medium ${saveState.kind === 'clean' ? 'text-[var(--color-muted)]' : ''}`}
        >
          {statusText}
        </p>
      </div>

      {recovered ? (
        <div
          role="alert"
          className="rounded border border-amber-400 bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          <p>
            This browser kept changes from {timeOf(recovered.changedAt)} that never reached the server (the page was
            closed, or the connection dropped).
          </p>
          <div className="mt-2 flex gap-3">
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                versionRef.current = recovered.baseVersion;
                replaceDocument(recovered.document);
                setRecovered(null);
                change({});
              }}
            >
              Restore my changes
            </button>
            <button
              type="button"
              className="underline"
              onClick={() => {
                window.localStorage.removeItem(storageKey);
                setRecovered(null);
              }}
            >
              Discard them
            </button>
          </div>
        </div>
      ) : null}

      {saveState.kind === 'conflict' ? (
        <div
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-medium">
            This post was changed somewhere else (another tab or another person) since you opened it
            {saveState.server.editedAt ? `, at ${timeOf(saveState.server.editedAt)}` : ''}. Nothing was overwritten.
          </p>
          <p className="mt-1">
            The other version’s title: “{saveState.server.document.title || 'Untitled'}”. Your text is kept in this
            browser until you choose.
          </p>
          <div className="mt-2 flex flex-wrap gap-3">
            <button type="button" className="button-secondary" onClick={() => void resolveConflict('mine')}>
              Keep my version
            </button>
            <button type="button" className="button-secondary" onClick={() => void resolveConflict('theirs')}>
              Load the other version
            </button>
          </div>
        </div>
      ) : null}

      {notice ? (
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
      ) : null}

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
            resetSignal={resetSignal}
            mode={mode}
            onModeChange={setMode}
            onChange={(markdown) => change({ markdown })}
            uploadImage={uploadImage}
            onUploadError={(message) => setNotice({ text: message, tone: 'error' })}
          />
          {errors.markdown ? <p className="text-sm text-red-700 dark:text-red-300">{errors.markdown}</p> : null}
        </div>
        <aside className="flex flex-col gap-6" aria-label="Post settings">
          <PublishPanel
            snapshot={snapshot}
            error={errors.publishAt}
            onPublish={() => void act('publish')}
            onUpdate={() => void act('update')}
            onSchedule={(at) => void act('schedule', at)}
            onUnpublish={() => void act('unpublish')}
            onDiscard={() => void discard()}
            onPreview={() => void preview()}
            onTrash={() => void trash()}
            onHistory={() => setHistoryOpen((open) => !open)}
            historyOpen={historyOpen}
          />
          {historyOpen ? (
            <RevisionPanel postId={postId} current={document} version={snapshot.version} onRestore={restoreRevision} />
          ) : null}
          <SidePanel
            document={document}
            slug={snapshot.slug}
            status={snapshot.status}
            errors={errors}
            knownLabels={knownLabels}
            onChange={change}
            onUploadError={(message) => setNotice({ text: message, tone: 'error' })}
          />
        </aside>
      </div>
    </main>
  );
}
