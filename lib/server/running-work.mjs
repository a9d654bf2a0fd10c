// Work that will store something in a cache: a page's render (lib/server/page-cache-handler.mjs) or a
// `'use cache'` fill (lib/server/data-cache-handler.mjs). An invalidation waits for the work running
// when it came, because Next hands running work to the requests that arrive meanwhile: a page being
// rendered goes to every request for that page, a fill being generated to every render that calls
// the same cached function. Work begun before a write and finished after it would otherwise be
// served to a visitor sent on by the write's answer.

/** The longest an invalidation waits for the work that was running when it came. */
export const RENDER_WAIT_MS = 5_000;
/** Work begun longer ago than this is taken to have failed: nothing waits for it. */
const GIVE_UP_MS = 30_000;
/** Work that fails never stores; its marks must not pile up. */
const MOST_MARKS = 10_000;

/**
 * One mark per key: when its work began, and a promise kept when it ends. `begin` on a key already
 * marked keeps the older mark (the work now running may have begun then).
 */
export function createRunningWork() {
  /** key → { since, finished, finish } */
  const marks = new Map();

  const end = (key) => {
    const mark = marks.get(key);
    marks.delete(key);
    mark?.finish();
    return mark;
  };

  return {
    begin(key, now) {
      if (marks.has(key)) return;
      if (marks.size >= MOST_MARKS) end(marks.keys().next().value);
      let finish;
      const finished = new Promise((resolve) => (finish = resolve));
      marks.set(key, { since: now, finished, finish });
    },

    /** Ends the key's work; returns its mark (with `since`), if it had one. */
    end,

    /** Resolves once the work running at `now` has ended, or after `waitMs`. */
    waitForRunning(now, waitMs = RENDER_WAIT_MS) {
      const running = [...marks.values()].filter((mark) => now - mark.since < GIVE_UP_MS);
      if (running.length === 0) return Promise.resolve();
      let timer;
      const waited = new Promise((resolve) => (timer = setTimeout(resolve, waitMs)));
      return Promise.race([Promise.all(running.map((mark) => mark.finished)), waited]).finally(() =>
        clearTimeout(timer),
      );
    },

    get size() {
      return marks.size;
    },
  };
}
