import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { CurrentUser } from './session';

// The pipeline's own order and answers; the session and Next's redirect are stood in for.
let caller: CurrentUser | null = null;
vi.mock('./session', () => ({ getCurrentUser: async () => caller }));
class Redirected extends Error {}
vi.mock('next/navigation', () => ({
  redirect: (to: string) => {
    throw new Redirected(to);
  },
}));

const { formAction, postAction, SESSION_ENDED } = await import('./action');
const { noAnswer } = await import('../policies/form-state');

const reader = { id: 'u1', name: 'Ada', handle: 'ada', role: 'reader' } as CurrentUser;
const admin = { ...reader, id: 'u2', role: 'admin' } as CurrentUser;

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const schema = z.object({ title: z.string().trim().min(1, 'Enter a title.'), count: z.coerce.number().int() });

describe('formAction', () => {
  beforeEach(() => {
    caller = reader;
  });

  it('answers field errors with what was typed, without running', async () => {
    const run = vi.fn();
    const action = formAction({ schema, keep: ['title', 'count'], who: 'signed-in', invalid: 'Check the form.', run });
    const result = await action(noAnswer, form({ title: ' ', count: '2' }));
    expect(result).toEqual({
      ok: false,
      errors: { title: 'Enter a title.' },
      message: 'Check the form.',
      values: { title: ' ', count: '2' },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses a signed-out caller and one the rule refuses, with one sentence each', async () => {
    const run = vi.fn();
    const action = formAction({
      schema,
      keep: ['title'],
      who: (user: CurrentUser) => user.role === 'admin',
      refusal: 'Only an admin can do this.',
      run,
    });
    expect(await action(noAnswer, form({ title: 'A', count: '1' }))).toEqual({
      ok: false,
      message: 'Only an admin can do this.',
      values: { title: 'A' },
    });
    caller = null;
    expect((await action(noAnswer, form({ title: 'A', count: '1' }))).message).toBe(SESSION_ENDED);
    expect(run).not.toHaveBeenCalled();
  });

  it('runs with the parsed data and the caller, and keeps the values unless the run replaces them', async () => {
    caller = admin;
    const run = vi.fn(() => ({ ok: true, message: 'Saved.' }));
    const action = formAction({ schema, keep: ['title'], who: 'signed-in', run });
    expect(await action(noAnswer, form({ title: '  Hello ', count: '3' }))).toEqual({
      ok: true,
      message: 'Saved.',
      values: { title: '  Hello ' },
    });
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ data: { title: 'Hello', count: 3 }, user: admin }));
  });

  it('does not load anyone for an action open to all', async () => {
    caller = admin;
    const run = vi.fn(() => undefined);
    const action = formAction({ schema, who: 'anyone', run });
    expect(await action(noAnswer, form({ title: 'x', count: '1' }))).toEqual({ ok: true, values: {} });
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ user: null }));
  });
});

describe('postAction', () => {
  beforeEach(() => {
    caller = reader;
  });

  const redirectOf = async (promise: Promise<void>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof Redirected) return error.message;
      throw error;
    }
    throw new Error('expected a redirect');
  };

  it('goes back to returnTo with the answer as a notice or a problem', async () => {
    const ok = postAction({ schema, who: 'signed-in', fallback: '/list', run: () => ({ ok: true, message: 'Done.' }) });
    expect(await redirectOf(ok(form({ title: 'x', count: '1', returnTo: '/list?page=2' })))).toBe(
      '/list?page=2&notice=Done.',
    );
    const refused = postAction({
      schema,
      who: 'signed-in',
      fallback: '/list',
      run: () => ({ ok: false, message: 'No.' }),
    });
    expect(await redirectOf(refused(form({ title: 'x', count: '1' })))).toBe('/list?problem=No.');
  });

  it('never goes back to another site', async () => {
    const action = postAction({
      schema,
      who: 'signed-in',
      fallback: '/list',
      run: () => ({ ok: true, message: 'Done.' }),
    });
    expect(await redirectOf(action(form({ title: 'x', count: '1', returnTo: '//evil.example/' })))).toBe(
      '/list?notice=Done.',
    );
  });

  it('says the first field error, or the invalid sentence, without running', async () => {
    const run = vi.fn();
    const action = postAction({ schema, who: 'signed-in', fallback: '/list', run });
    expect(await redirectOf(action(form({ title: '', count: '1' })))).toBe('/list?problem=Enter+a+title.');
    const worded = postAction({ schema, who: 'signed-in', fallback: '/list', invalid: 'That item is gone.', run });
    expect(await redirectOf(worded(form({ title: 'x', count: 'x' })))).toBe('/list?problem=That+item+is+gone.');
    expect(run).not.toHaveBeenCalled();
  });

  it('sends a signed-out caller to sign in and back', async () => {
    caller = null;
    const action = postAction({ schema, who: 'signed-in', fallback: '/list', run: vi.fn() });
    expect(await redirectOf(action(form({ title: 'x', count: '1', returnTo: '/list?q=a' })))).toBe(
      '/signin?returnTo=%2Flist%3Fq%3Da',
    );
  });
});
