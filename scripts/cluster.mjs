// The primary process when WEB_CONCURRENCY asks for more than one server process (scripts/server.mjs):
// it serves nothing itself. It starts the workers (node:cluster, which hands them the connections in
// turn), relays each worker's cache invalidations to the others (lib/server/invalidation-bus.mjs),
// writes their log lines out whole, replaces a worker that dies, and on SIGTERM or SIGINT asks each
// to finish its requests and stop.
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { createRelay } from '../lib/server/invalidation-bus.mjs';

/** The message that asks a worker to stop as on SIGTERM. */
export const STOP_MESSAGE = 'quire:stop';
const MOST_WORKERS = 64;

/**
 * The memory each server process is counted to need when the count is chosen for the machine: a
 * process holds about 200 MB under load, its page and front caches (PAGE_CACHE_MB, FRONT_CACHE_MB)
 * included, and room is left for the system and the database's own cache.
 */
export const MEMORY_PER_PROCESS = 768 * 1024 * 1024;

/**
 * WEB_CONCURRENCY as a number of processes: unset, empty or `auto` is `auto()` (one per core, see
 * autoWorkerCount); null when it is neither `auto` nor a whole number from 1 to 64.
 */
export function workerCount(value, auto = autoWorkerCount) {
  if (value === undefined || value.trim() === '' || value.trim().toLowerCase() === 'auto') return auto();
  const count = Number(value);
  return Number.isInteger(count) && count >= 1 && count <= MOST_WORKERS ? count : null;
}

/**
 * The default number of server processes, as nginx's `worker_processes auto` chooses its own: one per
 * core this process may run on, fewer when a container's CPU quota allows less (cgroupCpus), and no
 * more than its memory holds at MEMORY_PER_PROCESS each (a container's memory limit, or the machine's).
 */
export function autoWorkerCount({
  cores = availableParallelism(),
  quota = cgroupCpus(),
  memory = Math.min(process.constrainedMemory?.() || Infinity, totalmem()),
} = {}) {
  const byCpu = Math.min(cores, quota ?? Infinity);
  const byMemory = Math.floor(memory / MEMORY_PER_PROCESS);
  return Math.max(1, Math.min(MOST_WORKERS, Math.floor(byCpu), byMemory));
}

/**
 * The CPUs a cgroup's quota allows this process (a container's `--cpus`, systemd's CPUQuota), at least
 * one; undefined when there is none. Node 20 does not count it in availableParallelism(). Read from
 * cgroup v2's `cpu.max` or v1's `cpu.cfs_quota_us` and `cpu.cfs_period_us`, in this process's own group
 * (as /proc/self/cgroup names it) and at the mount's root (where a container sees its own group).
 */
export function cgroupCpus(read = (path) => readFileSync(path, 'utf8')) {
  const attempt = (path) => {
    try {
      return read(path).trim();
    } catch {
      return undefined;
    }
  };
  const groups = new Map();
  for (const line of (attempt('/proc/self/cgroup') ?? '').split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (path !== undefined) groups.set(controllers, path === '/' ? '' : path);
  }
  const v1 = [...groups].find(([controllers]) => controllers.split(',').includes('cpu'));
  const candidates = [];
  for (const folder of new Set(['', groups.get('') ?? ''])) {
    const [quota, period] = (attempt(`/sys/fs/cgroup${folder}/cpu.max`) ?? '').split(/\s+/);
    candidates.push(Number(quota) / Number(period));
  }
  if (v1) {
    for (const mount of ['cpu', 'cpu,cpuacct']) {
      for (const folder of new Set(['', v1[1]])) {
        const base = `/sys/fs/cgroup/${mount}${folder}`;
        candidates.push(Number(attempt(`${base}/cpu.cfs_quota_us`)) / Number(attempt(`${base}/cpu.cfs_period_us`)));
      }
    }
  }
  // `max` and -1 (no quota), files that are missing: none of these is a positive finite number.
  const quotas = candidates.filter((cpus) => Number.isFinite(cpus) && cpus > 0);
  return quotas.length > 0 ? Math.max(1, Math.floor(Math.min(...quotas))) : undefined;
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
