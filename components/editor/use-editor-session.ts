'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  discardChangesAction,
  restoreRevisionAction,
  savePostAction,
  trashPostAction,
} from '@/app/dashboard/posts/[id]/actions';
import {
  editorReducer,
  hasUnsavedText,
  initialEditorState,
  type EditorEvent,
  type EditorResult,
  type EditorState,
} from '@/lib/editor/editor-state';
import { localDraftKey, parseLocalDraft, sameDocument, type LocalDraft } from '@/lib/editor/local-draft';
import type { EditorSnapshot } from '@/lib/services/post-workflow';
import type { PostDocument, SaveIntent } from '@/lib/validations/post';

const AUTOSAVE_DELAY_MS = 2000;
const RETRY_DELAY_MS = 5000;

/**
 * The editor's side of the world: the reducer's state plus what it cannot do itself — the autosave
 * timer, one save at a time in order, the browser copy in localStorage, and leaving the page.
 * Every change is kept in localStorage at once and sent two seconds after typing stops; a save never
 * overwrites a newer copy on the server (another tab, another admin) without asking.
 */
export function useEditorSession(initial: EditorSnapshot) {
  const router = useRouter();
  const postId = initial.postId;
  const storageKey = localDraftKey(postId);
  const [sessionId] = useState(() => crypto.randomUUID());
  const [state, setState] = useState<EditorState>(() => initialEditorState(initial));
  // The latest state, for timers and async callbacks (updated with every event, before React renders).
  const stateRef = useRef(state);
  const dispatch = useCallback((event: EditorEvent) => {
    stateRef.current = editorReducer(stateRef.current, event);
    setState(stateRef.current);
  }, []);
  // Rendered in the browser only (see post-editor-loader): what this browser kept and the server
  // never got (a crash, a closed tab, offline) is offered back.
  const [recovered, setRecovered] = useState<LocalDraft | null>(() => {
    const local = parseLocalDraft(window.localStorage.getItem(storageKey));
    return local && !sameDocument(local.document, initial.document) ? local : null;
  });
  const inFlight = useRef<Promise<unknown> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const keepLocally = useCallback(() => {
    const draft: LocalDraft = {
      document: stateRef.current.document,
      baseVersion: stateRef.current.version,
      changedAt: new Date().toISOString(),
    };
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(draft));
    } catch {
      // Storage full or disabled: the server copy is still on its way.
    }
  }, [storageKey]);
  const forgetLocally = useCallback(() => window.localStorage.removeItem(storageKey), [storageKey]);

  const sendRef = useRef<(intent: SaveIntent) => Promise<unknown>>(async () => undefined);
  const later = useCallback((delay: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void sendRef.current('autosave'), delay);
  }, []);

  const send = useCallback(
    async (intent: SaveIntent, options: { publishAt?: string; overwrite?: boolean } = {}) => {
      // One save at a time, in order: the next waits for the one on its way.
      while (inFlight.current) await inFlight.current.catch(() => undefined);
      const sent = stateRef.current.document;
      dispatch({ type: 'saveStarted' });
      const request = savePostAction({
        postId,
        baseVersion: stateRef.current.version,
        sessionId,
        intent,
        publishAt: options.publishAt,
        overwrite: options.overwrite ?? false,
        document: sent,
      });
      inFlight.current = request;
      let result: EditorResult;
      try {
        result = await request;
      } catch {
        inFlight.current = null;
        dispatch({ type: 'saveUnreachable' });
        later(RETRY_DELAY_MS);
        return null;
      }
      inFlight.current = null;
      dispatch({ type: 'saveAnswered', intent, sent, result, at: new Date().toISOString() });
      const after = stateRef.current;
      if (after.save.kind === 'clean') forgetLocally();
      else if (after.save.kind === 'dirty') {
        // Typed while saving: the newer text is kept with the new base and saved again.
        keepLocally();
        later(AUTOSAVE_DELAY_MS);
      } else if (after.blocked) clearTimeout(timer.current);
      return result;
    },
    [postId, sessionId, dispatch, keepLocally, forgetLocally, later],
  );
  useEffect(() => {
    sendRef.current = send;
  }, [send]);

  const change = (patch: Partial<PostDocument>) => {
    dispatch({ type: 'typed', patch });
    keepLocally();
    if (!stateRef.current.blocked) later(AUTOSAVE_DELAY_MS);
  };

  // Back online: send at once. Leaving with unsaved text: the browser asks first.
  useEffect(() => {
    const online = () => {
      if (!stateRef.current.blocked) void send('autosave');
    };
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (hasUnsavedText(stateRef.current) || inFlight.current) event.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
      clearTimeout(timer.current);
    };
  }, [send]);

  /** Saves what is typed (unless blocked) and waits until nothing is on its way. */
  const flush = async () => {
    clearTimeout(timer.current);
    if (hasUnsavedText(stateRef.current) && !stateRef.current.blocked) await send('autosave');
    while (inFlight.current) await inFlight.current.catch(() => undefined);
  };

  const serverChanged = (result: EditorResult) => {
    dispatch({ type: 'serverChanged', result, at: new Date().toISOString() });
    if (result.kind === 'saved') forgetLocally();
  };

  return {
    state,
    recovered,
    change,
    setNotice: (text: string, tone: 'ok' | 'error') => dispatch({ type: 'notice', notice: { text, tone } }),

    act: async (intent: SaveIntent, publishAt?: string) => {
      clearTimeout(timer.current);
      dispatch({ type: 'notice', notice: null });
      await send(intent, { publishAt });
    },

    keepMine: async () => {
      dispatch({ type: 'keptMine' });
      const result = await send('autosave', { overwrite: true });
      if (result?.kind === 'saved') {
        dispatch({ type: 'notice', notice: { text: 'Your version is saved over the other one.', tone: 'ok' } });
      }
    },

    takeTheirs: () => {
      dispatch({ type: 'tookTheirs' });
      forgetLocally();
    },

    restoreLocal: (draft: LocalDraft) => {
      dispatch({ type: 'restoredLocal', document: draft.document, baseVersion: draft.baseVersion });
      setRecovered(null);
      keepLocally();
      if (!stateRef.current.blocked) later(AUTOSAVE_DELAY_MS);
    },

    discardLocal: () => {
      forgetLocally();
      setRecovered(null);
    },

    restoreRevision: async (revisionId: number) => {
      await flush();
      serverChanged(await restoreRevisionAction({ postId, revisionId, baseVersion: stateRef.current.version }));
    },

    discardChanges: async () => {
      await flush();
      serverChanged(await discardChangesAction({ postId }));
    },

    trash: async () => {
      await flush();
      const result = await trashPostAction({ postId });
      if (result.kind === 'saved') {
        forgetLocally();
        router.push(`/dashboard?status=trashed&notice=${encodeURIComponent('Moved to the trash.')}`);
      } else dispatch({ type: 'notice', notice: { text: result.message, tone: 'error' } });
    },

    preview: async () => {
      // Opened first (a popup must come from the click), pointed at the preview once the text is saved.
      const tab = window.open('about:blank', '_blank');
      await flush();
      const url = `/dashboard/posts/${postId}/preview`;
      if (tab) tab.location.href = url;
      else router.push(url);
    },
  };
}
