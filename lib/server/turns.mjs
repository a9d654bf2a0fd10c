// Short turns of the event loop while new connections come in under load, so that they are taken in
// while a burst of requests is answered.
//
// Node 20's libuv accepts one new connection per turn of the event loop, and a turn answers a request
// from every connection that has one waiting. Under a burst of comments (a few milliseconds each) with
// fifty connections open, a turn lasts 50–100 ms, so fifty new connections were taken in one by one
// over two and a half seconds, and their first requests waited that long (a p99 of 1.1–1.4 s where the
// median was 85 ms). So for CONNECTING_MS after a connection is taken in, a turn starts requests only
// until it has run for TURN_MS; the requests that arrive after that wait, in order, for the next
// turns, each of which begins by taking in one more connection. Once connections stop coming, turns
// are as long as their work again: short turns all the time cost about a tenth of the comments a second.

/** How long a turn of the event loop starts new requests while connections come in, in milliseconds. */
export const TURN_MS = 2;
/** How long after a new connection turns are kept short, in milliseconds. */
export const CONNECTING_MS = 100;

/**
 * `admit(start)` runs `start` now, or queues it behind the requests already waiting and runs it in a
 * later turn, once the turn it lands in has time left; `connected()` says a connection was taken in.
 * `defer` is setImmediate: callbacks it queues during a turn's I/O run at that turn's end, each after
 * the work the one before it started (Node settles promises between them), and those it queues while
 * they run wait for the next turn.
 */
export function createTurns({
  turnMs = TURN_MS,
  connectingMs = CONNECTING_MS,
  now = () => performance.now(),
  defer = setImmediate,
} = {}) {
  /** When the current turn began to start requests; null between turns. */
  let turnStart = null;
  /** When the last connection was taken in. */
  let lastConnection = -Infinity;
  /** Requests waiting for a turn, oldest first; one deferred `startNext` for each. */
  const waiting = [];

  const endTurn = () => {
    turnStart = null;
  };
  /** Whether this turn has time left (a new turn begins at the first request it sees). */
  const inTime = () => {
    const at = now();
    if (at - lastConnection >= connectingMs) return true;
    if (turnStart === null) {
      turnStart = at;
      defer(endTurn);
    }
    return at - turnStart < turnMs;
  };
  const startNext = () => {
    if (!inTime()) return void defer(startNext);
    const start = waiting.shift();
    start();
  };

  return {
    admit(start) {
      if (waiting.length === 0 && inTime()) return start();
      waiting.push(start);
      defer(startNext);
    },
    connected() {
      lastConnection = now();
    },
    /** Requests waiting for a turn. */
    get waiting() {
      return waiting.length;
    },
  };
}
