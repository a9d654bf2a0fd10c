// Work a server does on its way out (write buffered views, give up the scheduler's lease), after it
// has stopped taking requests and the open ones have finished. scripts/server.mjs runs it on SIGTERM
// and SIGINT. Plain JavaScript: the app registers from inside Next's bundle and scripts/server.mjs
// runs from outside it, so the list lives on globalThis, the one object both see.

const registry = /** @type {{ quireShutdownTasks?: Map<string, () => unknown>, quireShutdownRun?: Promise<void> }} */ (
  globalThis
);

/** Registers (or replaces, on a hot reload) the task with this name. */
export function onShutdown(name, task) {
  registry.quireShutdownTasks ??= new Map();
  registry.quireShutdownTasks.set(name, task);
}

/**
 * Runs every task once, in the order registered, each awaited; a failing task is reported and the
 * rest still run. Later calls get the first call's promise (a second signal, the time-out).
 */
export function runShutdownTasks(report = () => {}) {
  registry.quireShutdownRun ??= (async () => {
    for (const [name, task] of registry.quireShutdownTasks ?? []) {
      try {
        await task();
      } catch (error) {
        report(name, error);
      }
    }
  })();
  return registry.quireShutdownRun;
}
