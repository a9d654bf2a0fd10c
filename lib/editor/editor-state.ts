import type { EditorSnapshot, WorkflowResult } from '@/lib/services/post-workflow';
import type { PostDocument, SaveIntent } from '@/lib/validations/post';
import { sameDocument } from './local-draft';

// The editor's state as one pure reducer: every event the editor sees (typing, a save going out, its
// answer, the connection dropping, a conflict and how it was settled) is a plain object, and what the
// editor shows follows from the state alone. Timers, localStorage and server calls stay in the
// component's hook (components/editor/use-editor-session.ts), which reads the state to decide them.

/** What a save or another server change answered (the action's result without its cache tags). */
export type EditorResult = WorkflowResult extends infer R ? (R extends unknown ? Omit<R, 'tags'> : never) : never;

export type SaveState =
  | { kind: 'clean'; savedAt: string | null }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  | { kind: 'conflict'; server: EditorSnapshot }
  | { kind: 'error'; message: string };

export type Notice = { text: string; tone: 'ok' | 'error' };

export type EditorState = {
  /** The text in the editor, as typed. */
  document: PostDocument;
  /** The server's copy as last confirmed (status, slug, dates). */
  snapshot: EditorSnapshot;
  /** The version the next save is based on (a restored local draft brings its own). */
  version: number;
  /** The text the server last confirmed: leaving the page with anything else asks first. */
  confirmed: PostDocument;
  save: SaveState;
  /** Field errors (or warnings) from the last answer. */
  errors: Record<string, string>;
  notice: Notice | null;
  /** A conflict or a refusal stops autosaving until the author chooses. */
  blocked: boolean;
  /** Counts replacements of the whole text (restore, load theirs), so the rich editor reloads. */
  resets: number;
};

export type EditorEvent =
  | { type: 'typed'; patch: Partial<PostDocument> }
  | { type: 'saveStarted' }
  | { type: 'saveUnreachable' }
  | { type: 'saveAnswered'; intent: SaveIntent; sent: PostDocument; result: EditorResult; at: string }
  | { type: 'serverChanged'; result: EditorResult; at: string }
  | { type: 'tookTheirs' }
  | { type: 'keptMine' }
  | { type: 'restoredLocal'; document: PostDocument; baseVersion: number }
  | { type: 'notice'; notice: Notice | null };

export function initialEditorState(snapshot: EditorSnapshot): EditorState {
  return {
    document: snapshot.document,
    snapshot,
    version: snapshot.version,
    confirmed: snapshot.document,
    save: { kind: 'clean', savedAt: snapshot.editedAt },
    errors: {},
    notice: null,
    blocked: false,
    resets: 0,
  };
}

/** Whether the text differs from what the server last confirmed. */
export const hasUnsavedText = (state: EditorState) => !sameDocument(state.document, state.confirmed);

export function editorReducer(state: EditorState, event: EditorEvent): EditorState {
  switch (event.type) {
    case 'typed': {
      const document = { ...state.document, ...event.patch };
      return state.blocked ? { ...state, document } : { ...state, document, save: { kind: 'dirty' } };
    }
    case 'saveStarted':
      return { ...state, save: { kind: 'saving' } };
    case 'saveUnreachable':
      return { ...state, save: { kind: 'offline' } };
    case 'saveAnswered':
      return answered(state, event);
    case 'serverChanged': {
      const { result } = event;
      if (result.kind === 'saved') {
        return {
          ...replaced(state, result.snapshot, result.snapshot.document),
          save: { kind: 'clean', savedAt: event.at },
          notice: { text: result.message, tone: 'ok' },
        };
      }
      if (result.kind === 'conflict')
        return { ...state, blocked: true, save: { kind: 'conflict', server: result.snapshot } };
      return { ...state, notice: { text: result.message, tone: 'error' } };
    }
    case 'tookTheirs': {
      if (state.save.kind !== 'conflict') return state;
      const server = state.save.server;
      return {
        ...replaced(state, server, server.document),
        blocked: false,
        save: { kind: 'clean', savedAt: server.editedAt },
        notice: { text: 'Loaded the other version. Your text was replaced.', tone: 'ok' },
      };
    }
    case 'restoredLocal':
      // The kept text comes back on top of the version it was typed against, and is saved from there.
      return {
        ...state,
        document: event.document,
        version: event.baseVersion,
        resets: state.resets + 1,
        save: state.blocked ? state.save : { kind: 'dirty' },
      };
    case 'keptMine':
      // The author's text is to be saved over the other version: autosaving resumes with that save.
      return { ...state, blocked: false };
    case 'notice':
      return { ...state, notice: event.notice };
  }
}

function replaced(state: EditorState, snapshot: EditorSnapshot, document: PostDocument): EditorState {
  return { ...state, snapshot, version: snapshot.version, document, confirmed: document, resets: state.resets + 1 };
}

function answered(state: EditorState, event: Extract<EditorEvent, { type: 'saveAnswered' }>): EditorState {
  const { result, intent, sent } = event;
  const byHand = intent !== 'autosave';
  switch (result.kind) {
    case 'saved': {
      // Typed while saving: the newer text stays, to be saved again on the new base.
      const unchanged = sameDocument(state.document, sent);
      // Publishing settles the slug: show the one the post now has.
      const slug = result.snapshot.document.slug;
      const document = byHand && state.document.slug !== slug ? { ...state.document, slug } : state.document;
      return {
        ...state,
        snapshot: result.snapshot,
        version: result.snapshot.version,
        document,
        confirmed: unchanged ? document : sent,
        errors: result.warnings ?? {},
        blocked: false,
        save: unchanged ? { kind: 'clean', savedAt: event.at } : { kind: 'dirty' },
        notice: byHand ? { text: result.message, tone: 'ok' } : state.notice,
      };
    }
    case 'conflict':
      return { ...state, blocked: true, save: { kind: 'conflict', server: result.snapshot } };
    case 'invalid':
      return {
        ...state,
        errors: result.errors,
        save: { kind: 'error', message: result.message },
        notice: byHand ? { text: result.message, tone: 'error' } : state.notice,
      };
    case 'refused':
      return {
        ...state,
        blocked: true,
        save: { kind: 'error', message: result.message },
        notice: { text: result.message, tone: 'error' },
      };
  }
}

/** The status line: always says where the text is. */
export function statusText(save: SaveState, timeOf: (iso: string) => string): string {
  switch (save.kind) {
    case 'clean':
      return save.savedAt ? `Saved ${timeOf(save.savedAt)}` : 'Saved';
    case 'dirty':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'offline':
      return 'Offline — changes kept in this browser';
    case 'conflict':
      return 'Not saved: this post changed elsewhere';
    case 'error':
      return `Not saved: ${save.message}`;
  }
}
