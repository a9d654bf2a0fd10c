import { describe, expect, it } from 'vitest';
import { createTurns } from './turns.mjs';

/** A clock the requests move on, and an event loop whose turns are run by hand. */
function fakeLoop() {
  let clock = 0;
  let queued: (() => void)[] = [];
  return {
    now: () => clock,
    spend: (ms: number) => (clock += ms),
    defer: (callback: () => void) => queued.push(callback),
    /** The end of a turn: what was deferred before it runs; what that defers waits for the next. */
    endOfTurn() {
      const due = queued;
      queued = [];
      for (const callback of due) callback();
    },
  };
}

describe('turns of the event loop', () => {
  it('start requests at once while the turn has time left', () => {
    const loop = fakeLoop();
    const turns = createTurns({ turnMs: 2, now: loop.now, defer: loop.defer });
    turns.connected();
    const started: number[] = [];
    for (const id of [1, 2, 3]) {
      turns.admit(() => {
        started.push(id);
        loop.spend(0.5);
      });
    }
    expect(started).toEqual([1, 2, 3]);
    expect(turns.waiting).toBe(0);
  });

  it('keep the requests that come after a turn has run its time for the next turns, in order', () => {
    const loop = fakeLoop();
    const turns = createTurns({ turnMs: 2, now: loop.now, defer: loop.defer });
    turns.connected();
    const started: number[] = [];
    const admit = (id: number) =>
      turns.admit(() => {
        started.push(id);
        loop.spend(1);
      });

    for (const id of [1, 2, 3, 4, 5]) admit(id);
    expect(started).toEqual([1, 2]);
    expect(turns.waiting).toBe(3);

    // The end of this turn starts what fits in a turn's time, and leaves the rest for the next.
    loop.endOfTurn();
    expect(started).toEqual([1, 2, 3, 4]);
    // A request read in the next turn goes behind the one still waiting.
    admit(6);
    expect(started).toEqual([1, 2, 3, 4]);
    expect(turns.waiting).toBe(2);
    loop.endOfTurn();
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    expect(turns.waiting).toBe(0);

    // With nothing waiting, a new turn starts requests at once again.
    loop.endOfTurn();
    admit(7);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("count the work a request goes on with after its first await against the turn (with Node's own setImmediate)", async () => {
    let clock = 0;
    const turns = createTurns({ turnMs: 2, now: () => clock });
    turns.connected();
    const started: number[] = [];
    const finished: number[] = [];
    // Each request spends its time after an await, as an answer does once its body is read.
    const admit = (id: number) =>
      turns.admit(async () => {
        started.push(id);
        await Promise.resolve();
        clock += 1.5;
        finished.push(id);
      });

    // The first two are started before the clock moves; the third waits, as do the rest.
    admit(1);
    admit(2);
    clock += 3;
    for (const id of [3, 4, 5, 6]) admit(id);
    expect(started).toEqual([1, 2]);

    const turnEnds: number[][] = [];
    for (let turn = 0; turn < 4; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      turnEnds.push([...finished]);
    }
    // 1.5 ms a request in a 2 ms turn: two a turn, since the second starts with 0.5 ms left.
    expect(turnEnds[0]).toEqual([1, 2, 3, 4]);
    expect(turnEnds[1]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(turns.waiting).toBe(0);
  });

  it('are as long as their work once no connection has come for a while', () => {
    const loop = fakeLoop();
    const turns = createTurns({ turnMs: 2, connectingMs: 100, now: loop.now, defer: loop.defer });
    const started: number[] = [];
    const admit = (id: number) =>
      turns.admit(() => {
        started.push(id);
        loop.spend(1);
      });

    // No connection taken in yet (the server's connections are all open): nothing waits.
    for (const id of [1, 2, 3, 4]) admit(id);
    expect(started).toEqual([1, 2, 3, 4]);

    // A new connection: short turns.
    turns.connected();
    for (const id of [5, 6, 7]) admit(id);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    expect(turns.waiting).toBe(1);

    // 100 ms on without another, the waiting request starts, and the turns are long again.
    loop.spend(100);
    loop.endOfTurn();
    for (const id of [8, 9, 10, 11]) admit(id);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(turns.waiting).toBe(0);
  });
});
