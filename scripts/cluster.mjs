// The primary process when WEB_CONCURRENCY asks for more than one server process (scripts/server.mjs):
// it serves nothing itself. It starts the workers (node:cluster, which hands them the connections in
// turn), relays each worker's cache invalidations to the others (lib/server/invalidation-bus.mjs),
// writes their log lines out whole, replaces a worker that dies, and on SIGTERM or SIGINT asks each
// to finish its requests and stop.
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createRelay } from '../lib/server/invalidation-bus.mjs';

/** The message that asks a worker to stop as on SIGTERM. */
export const STOP_MESSAGE = 'quire:stop';
const MOST_WORKERS = 64;

/** WEB_CONCURRENCY as a number of processes: unset is 1; null when it is not a whole number from 1 to 64. */
export function workerCount(value) {
  if (value === undefined || value.trim() === '') return 1;
  const count = Number(value);
  return Number.isInteger(count) && count >= 1 && count <= MOST_WORKERS ? count : null;
}

/**
 * Copies a worker's output to ours in whole lines, so that lines written at the same moment by two
 * workers never mix (a pipe keeps writes whole only up to 4 KB). Bytes, not text: nothing is decoded.
 */
export function pipeLines(from, to) {
  const NEWLINE = 0x0a;
  let rest = null;
  from.on('data', (chunk) => {
    const end = chunk.lastIndexOf(NEWLINE);
    if (end === -1) {
      rest = rest ? Buffer.concat([rest, chunk]) : chunk;
      return;
    }
    const lines = chunk.subarray(0, end + 1);
    to.write(rest ? Buffer.concat([rest, lines]) : lines);
    rest = end + 1 < chunk.length ? chunk.subarray(end + 1) : null;
  });
  from.on('end', () => {
    if (rest) to.write(Buffer.concat([rest, Buffer.from('\n')]));
    rest = null;
  });
}

export function runPrimary({ workers, logger, origin }) {
  const relay = createRelay();
  // The key of the hidden page the front door fills 404 and 403 pages from (scripts/front-door.mjs):
  // one for all, since the fetch that asks for it may reach any of them.
  const errorPageKey = randomBytes(18).toString('base64url');
  /** Workers started and not yet exited, and whether each has listened. */
  const running = new Map();
  let started = 0;
  let stopping = false;
  let listening = false;
  /** What the server exits with: 0, or the first worker's failure while stopping (a drain cut short). */
  let exitCode = 0;

  // Each runs the server script itself (not `npm start`'s, which checks the build first). Their
  // output comes through us (pipeLines); their invalidations too (the IPC channel).
  cluster.setupPrimary({ exec: join(import.meta.dirname, 'server.mjs'), silent: true });

  function start() {
    // QUIRE_WORKER numbers the workers of this start: 1 is the first, which runs the start-up work
    // alone; a replacement gets a new number (lib/server/startup.ts). QUIRE_PROCESSES says how many
    // share the cores (lib/server/search-workers.ts sizes its threads by it).
    const worker = cluster.fork({
      QUIRE_WORKER: String(++started),
      QUIRE_PROCESSES: String(workers),
      QUIRE_ERROR_PAGE_KEY: errorPageKey,
    });
    running.set(worker.id, { worker, listened: false });
    pipeLines(worker.process.stdout, process.stdout);
    pipeLines(worker.process.stderr, process.stderr);
    relay.add(worker.id, (message) => worker.isConnected() && worker.send(message));
    worker.on('message', (message) => relay.receive(worker.id, message));
    worker.on('listening', () => listened(worker));
    worker.on('exit', (code, signal) => exited(worker, code, signal));
    return worker;
  }

  function listened(worker) {
    running.get(worker.id).listened = true;
    relay.serving(worker.id);
    if (listening) return;
    const ready = [...running.values()].filter((entry) => entry.listened).length;
    // The first worker has migrated the database and made the secrets: the others start together.
    if (ready === 1 && started === 1) for (let count = 1; count < workers; count++) start();
    if (ready === workers) {
      listening = true;
      logger.info({ url: origin, processes: workers }, `Quire is listening on ${origin} (${workers} processes).`);
    }
  }

  function exited(worker, code, signal) {
    const entry = running.get(worker.id);
    running.delete(worker.id);
    relay.remove(worker.id);
    if (stopping) {
      exitCode ||= code ?? (signal ? 1 : 0);
      if (running.size === 0) finish(exitCode);
      return;
    }
    if (!entry?.listened) {
      // It said why (a setting, the port, no build); starting it again would only say it again.
      stopAll();
      finish(code || 1);
      return;
    }
    logger.error(
      { code, signal, worker: worker.id },
      'A server process stopped unexpectedly; starting another in its place.',
    );
    start();
  }

  function stopAll() {
    stopping = true;
    for (const { worker } of running.values()) {
      if (worker.isConnected()) worker.send({ [STOP_MESSAGE]: true });
    }
  }

  function finish(code) {
    logger.info('Quire has stopped.');
    logger.flush();
    process.exit(code);
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      // A second Ctrl+C stops at once (the workers, which got it too, do the same).
      if (stopping) {
        for (const { worker } of running.values()) worker.process.kill('SIGKILL');
        process.exit(1);
      }
      logger.info(`${signal}: the server processes finish their open requests, then stop.`);
      stopAll();
      if (running.size === 0) finish(0);
    });
  }

  start();
}
