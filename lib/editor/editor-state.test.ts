import { describe, expect, it } from 'vitest';
import type { EditorSnapshot } from '@/lib/services/post-workflow';
import type { PostDocument } from '@/lib/validations/post';
import { editorReducer, hasUnsavedText, initialEditorState, statusText, type EditorEvent } from './editor-state';

const document: PostDocument = {
  title: 'First',
  markdown: 'Hello',
  slug: '',
  excerpt: '',
  labels: [],
  coverImage: '',
  coverAlt: '',
  seoTitle: '',
  seoDescription: '',
  commentsOpen: true,
};

function snapshot(version: number, changes: Partial<PostDocument> = {}): EditorSnapshot {
  return {
    postId: 7,
    kind: 'post',
    version,
    status: 'draft',
    slug: changes.slug ?? '',
    publishedAt: null,
    editedAt: '2026-12-01T10:00:00.000Z',
    pendingChanges: false,
    document: { ...document, ...changes },
  };
}

const at = '2026-12-01T12:00:00.000Z';
const run = (events: EditorEvent[], start = initialEditorState(snapshot(1))) => events.reduce(editorReducer, start);
const typed = (patch: Partial<PostDocument>): EditorEvent => ({ type: 'typed', patch });

describe('the editor state', () => {
  it('starts clean at the server copy', () => {
    const state = initialEditorState(snapshot(3));
    expect(state.save).toEqual({ kind: 'clean', savedAt: '2026-12-01T10:00:00.000Z' });
    expect(state.version).toBe(3);
    expect(hasUnsavedText(state)).toBe(false);
  });

  it('typing makes it dirty and keeps the text as typed', () => {
    const state = run([typed({ title: 'First ' })]);
    expect(state.save.kind).toBe('dirty');
    expect(state.document.title).toBe('First ');
    expect(hasUnsavedText(state)).toBe(true);
  });

  it('a save that comes back with nothing typed since is clean on the new version', () => {
    const edited = run([typed({ title: 'Second' }), { type: 'saveStarted' }]);
    expect(edited.save.kind).toBe('saving');
    const state = editorReducer(edited, {
      type: 'saveAnswered',
      intent: 'autosave',
      sent: edited.document,
      result: { kind: 'saved', snapshot: snapshot(2, { title: 'Second' }), message: 'Saved.' },
      at,
    });
    expect(state.save).toEqual({ kind: 'clean', savedAt: at });
    expect(state.version).toBe(2);
    expect(hasUnsavedText(state)).toBe(false);
    // An autosave says nothing beyond the status line.
    expect(state.notice).toBeNull();
  });

  it('text typed while a save was on its way stays, and is still unsaved', () => {
    const sending = run([typed({ title: 'Second' }), { type: 'saveStarted' }]);
    const sent = sending.document;
    const state = run(
      [
        typed({ title: 'Second, longer' }),
        {
          type: 'saveAnswered',
          intent: 'autosave',
          sent,
          result: { kind: 'saved', snapshot: snapshot(2, { title: 'Second' }), message: 'Saved.' },
          at,
        },
      ],
      sending,
    );
    expect(state.document.title).toBe('Second, longer');
    expect(state.save.kind).toBe('dirty');
    expect(state.version).toBe(2);
    expect(state.confirmed.title).toBe('Second');
  });

  it('publishing shows the slug the server settled and says so', () => {
    const start = run([{ type: 'saveStarted' }]);
    const state = editorReducer(start, {
      type: 'saveAnswered',
      intent: 'publish',
      sent: start.document,
      result: { kind: 'saved', snapshot: snapshot(2, { slug: 'first' }), message: 'Published.' },
      at,
    });
    expect(state.document.slug).toBe('first');
    expect(state.notice).toEqual({ text: 'Published.', tone: 'ok' });
  });

  it('an unreachable server leaves the text unsaved and says offline', () => {
    const state = run([typed({ markdown: 'Hello there' }), { type: 'saveStarted' }, { type: 'saveUnreachable' }]);
    expect(statusText(state.save, () => '')).toBe('Offline — changes kept in this browser');
    expect(hasUnsavedText(state)).toBe(true);
  });

  it('a conflict blocks autosave until the author chooses; typing meanwhile keeps the conflict shown', () => {
    const other = snapshot(5, { title: 'Theirs' });
    const start = run([typed({ title: 'Mine' }), { type: 'saveStarted' }]);
    const conflicted = run(
      [
        {
          type: 'saveAnswered',
          intent: 'autosave',
          sent: start.document,
          result: { kind: 'conflict', snapshot: other, message: 'Changed.' },
          at,
        },
        typed({ title: 'Mine!' }),
      ],
      start,
    );
    expect(conflicted.blocked).toBe(true);
    expect(conflicted.save).toEqual({ kind: 'conflict', server: other });
    expect(conflicted.document.title).toBe('Mine!');

    const theirs = editorReducer(conflicted, { type: 'tookTheirs' });
    expect(theirs.document.title).toBe('Theirs');
    expect(theirs.version).toBe(5);
    expect(theirs.blocked).toBe(false);
    expect(theirs.resets).toBe(conflicted.resets + 1);
    expect(theirs.notice?.tone).toBe('ok');

    const mine = editorReducer(conflicted, { type: 'keptMine' });
    expect(mine.blocked).toBe(false);
    expect(mine.document.title).toBe('Mine!');
  });

  it('field errors come back on the fields; a save by hand also says so above', () => {
    const start = run([typed({ title: '' }), { type: 'saveStarted' }]);
    const result = { kind: 'invalid', errors: { title: 'A title is needed.' }, message: 'Check the title.' } as const;
    const auto = editorReducer(start, { type: 'saveAnswered', intent: 'autosave', sent: start.document, result, at });
    expect(auto.errors).toEqual({ title: 'A title is needed.' });
    expect(auto.notice).toBeNull();
    expect(auto.blocked).toBe(false);
    const byHand = editorReducer(start, { type: 'saveAnswered', intent: 'publish', sent: start.document, result, at });
    expect(byHand.notice).toEqual({ text: 'Check the title.', tone: 'error' });
  });

  it('a refusal stops autosaving', () => {
    const start = run([{ type: 'saveStarted' }]);
    const state = editorReducer(start, {
      type: 'saveAnswered',
      intent: 'autosave',
      sent: start.document,
      result: { kind: 'refused', message: 'You cannot edit this post.' },
      at,
    });
    expect(state.blocked).toBe(true);
    expect(statusText(state.save, () => '')).toBe('Not saved: You cannot edit this post.');
    expect(run([typed({ title: 'x' })], state).save.kind).toBe('error');
  });

  it('a browser copy comes back on its own base version, unsaved', () => {
    const state = run([{ type: 'restoredLocal', document: { ...document, title: 'Kept' }, baseVersion: 4 }]);
    expect(state.document.title).toBe('Kept');
    expect(state.version).toBe(4);
    expect(state.save.kind).toBe('dirty');
    expect(state.resets).toBe(1);
  });

  it('a restored revision replaces the text and is confirmed', () => {
    const state = run([
      typed({ title: 'Draft' }),
      {
        type: 'serverChanged',
        result: { kind: 'saved', snapshot: snapshot(9, { title: 'Old' }), message: 'Restored.' },
        at,
      },
    ]);
    expect(state.document.title).toBe('Old');
    expect(state.version).toBe(9);
    expect(hasUnsavedText(state)).toBe(false);
    expect(state.notice).toEqual({ text: 'Restored.', tone: 'ok' });
  });

  it('the status line names each state', () => {
    const time = () => '12:00';
    expect(statusText({ kind: 'clean', savedAt: at }, time)).toBe('Saved 12:00');
    expect(statusText({ kind: 'clean', savedAt: null }, time)).toBe('Saved');
    expect(statusText({ kind: 'dirty' }, time)).toBe('Unsaved changes');
    expect(statusText({ kind: 'saving' }, time)).toBe('Saving…');
    expect(statusText({ kind: 'conflict', server: snapshot(2) }, time)).toBe('Not saved: this post changed elsewhere');
  });
});
