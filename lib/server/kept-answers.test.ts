import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAnswerKeeper, MAX_KEEP_MS, type ComputedAnswer, type Freshness } from './kept-answers';

/** The front door's side, as a test drives it: a clock and the times tags were invalidated. */
function fakeFreshness() {
  let time = 1_000;
  const invalidatedAt = new Map<string, number>();
  let trusted = true;
  const freshness: Freshness = {
    now: () => time,
    unchangedSince: (tags, since) => trusted && tags.every((tag) => (invalidatedAt.get(tag) ?? -Infinity) < since),
  };
  return {
    freshness,
    tick: () => void (time += 1),
    invalidate: (tag: string) => void invalidatedAt.set(tag, time++),
    distrust: () => void (trusted = false),
  };
}

/** A compute function that counts its calls and answers with the call's number. */
function counted(keep: ComputedAnswer['keep'] = { tags: ['post:a'], until: Infinity }) {
  const compute = vi.fn(async (): Promise<ComputedAnswer> => ({
    status: 200,
    body: { n: compute.mock.calls.length },
    keep,
  }));
  return compute;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createAnswerKeeper', () => {
  it('answers the same key and fingerprint from memory, as JSON text', async () => {
    const keeper = createAnswerKeeper({ maxBytes: 1024 * 1024 });
    const { freshness } = fakeFreshness();
    const compute = counted();
    expect(await keeper.answer('1|ada', 'reader', freshness, compute)).toEqual({ status: 200, body: '{"n":1}' });
    expect(await keeper.answer('1|ada', 'reader', freshness, compute)).toEqual({ status: 200, body: '{"n":1}' });
    expect(compute).toHaveBeenCalledTimes(1);
    // Another key is its own answer.
    expect((await keeper.answer('1|ben', 'reader', freshness, compute)).body).toBe('{"n":2}');
  });

  it('computes afresh once one of its tags is invalidated', async () => {
    const keeper = createAnswerKeeper({ maxBytes: 1024 * 1024 });
    const { freshness, invalidate, tick } = fakeFreshness();
    const compute = counted({ tags: ['post:a', 'viewers:1'], until: Infinity });
    await keeper.answer('1|ada', 'reader', freshness, compute);
    tick();
    invalidate('post:b');
    expect((await keeper.answer('1|ada', 'reader', freshness, compute)).body).toBe('{"n":1}');
    invalidate('viewers:1');
    expect((await keeper.answer('1|ada', 'reader', freshness, compute)).body).toBe('{"n":2}');
    expect((await keeper.answer('1|ada', 'reader', freshness, compute)).body).toBe('{"n":2}');
  });

  it('computes afresh when the account’s fingerprint changed (a ban, a new role)', async () => {
    const keeper = createAnswerKeeper({ maxBytes: 1024 * 1024 });
    const { freshness } = fakeFreshness();
    const compute = counted();
    await keeper.answer('1|ada', 'reader', freshness, compute);
    expect((await keeper.answer('1|ada', 'moderator', freshness, compute)).body).toBe('{"n":2}');
  });

  it('computes afresh when time alone changes the answer, and at least every ten minutes', async () => {
    vi.useFakeTimers({ now: 50_000 });
    const keeper = createAnswerKeeper({ maxBytes: 1024 * 1024 });
    const { freshness } = fakeFreshness();
    const until = counted({ tags: ['post:a'], until: 60_000 });
    await keeper.answer('1|ada', '', freshness, until);
    vi.setSystemTime(59_999);
    expect((await keeper.answer('1|ada', '', freshness, until)).body).toBe('{"n":1}');
    vi.setSystemTime(60_000);
    expect((await keeper.answer('1|ada', '', freshness, until)).body).toBe('{"n":2}');

    const forever = counted({ tags: ['post:a'], until: Infinity });
    await keeper.answer('2|ada', '', freshness, forever);
    vi.setSystemTime(60_000 + MAX_KEEP_MS - 1);
    expect((await keeper.answer('2|ada', '', freshness, forever)).body).toBe('{"n":1}');
    vi.setSystemTime(60_000 + MAX_KEEP_MS);
    expect((await keeper.answer('2|ada', '', freshness, forever)).body).toBe('{"n":2}');
  });

  it('does not keep an answer computed while one of its tags was invalidated', async () => {
    const keeper = createAnswerKeeper({ maxBytes: 1024 * 1024 });
    const { freshness, invalidate } = fakeFreshness();
    let calls = 0;
    const compute = async (): Promise<ComputedAnswer> => {
      calls++;
      // The write lands after the reads began and before the answer is stored.
      if (calls === 1) invalidate('post:a');
      return { status: 200, body: { calls }, keep: { tags: ['post:a'], until: Infinity } };
    };
    expect((await keeper.answer('1|ada', '', freshness, compute)).body).toBe('{"calls":1}');
    expect((await keeper.answer('1|ada', '', freshness, compute)).body).toBe('{"calls":2}');
    expect((await keeper.answer('1|ada', '', freshness, compute)).body).toBe('{"calls":2}');
  });

  it('keeps nothing without the front door, while invalidations may be missed, or when told not to', async () => {
    const keeper = createAnswerKeeper({ maxBytes: 1024 * 1024 });
    const alone = counted();
    await keeper.answer('1|ada', '', undefined, alone);
    await keeper.answer('1|ada', '', undefined, alone);
    expect(alone).toHaveBeenCalledTimes(2);

    const { freshness, distrust } = fakeFreshness();
    const notFound = vi.fn(async (): Promise<ComputedAnswer> => ({
      status: 404,
      body: { error: 'There is no such post.' },
    }));
    await keeper.answer('9|ada', '', freshness, notFound);
    await keeper.answer('9|ada', '', freshness, notFound);
    expect(notFound).toHaveBeenCalledTimes(2);

    const compute = counted();
    await keeper.answer('1|ada', '', freshness, compute);
    distrust();
    expect((await keeper.answer('1|ada', '', freshness, compute)).body).toBe('{"n":2}');
    expect(keeper.size).toBe(0);
  });

  it('stays within its bytes, dropping the least recently used answers', async () => {
    const keeper = createAnswerKeeper({ maxBytes: 4 * 1024 });
    const { freshness } = fakeFreshness();
    const big = async (): Promise<ComputedAnswer> => ({
      status: 200,
      body: { text: 'x'.repeat(1000) },
      keep: { tags: ['post:a'], until: Infinity },
    });
    for (let i = 0; i < 10; i++) await keeper.answer(`${i}|ada`, '', freshness, big);
    expect(keeper.size).toBeGreaterThan(0);
    expect(keeper.size).toBeLessThan(4);
  });
});
