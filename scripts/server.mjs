#!/usr/bin/env node
// Quire's production server: Next's request handler in a plain node:http server, so each request gets
// one log line (`next start` has no hook for that). Needs a production build (`npm start` makes one).
// Honours PORT, HOSTNAME and LOG_LEVEL, from the environment or the .env files, as `next start` does.
import cluster from 'node:cluster';
import { createServer, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nextEnv from '@next/env';
import next from 'next';
import { cacheBytes } from '../lib/server/cache-size.mjs';
import { createPurger, purgeSettings } from '../lib/server/cdn-purge.mjs';
import { INVALIDATION_BUS, createWorkerBus } from '../lib/server/invalidation-bus.mjs';
import { connectRedisBus, redisUrlProblem } from '../lib/server/redis-bus.mjs';
import { runShutdownTasks } from '../lib/server/shutdown.mjs';
import { createTurns } from '../lib/server/turns.mjs';
import { runPrimary, STOP_MESSAGE, workerCount } from './cluster.mjs';
import { createFrontDoor, frontSettings } from './front-door.mjs';
// Hands each request's socket address to the app (lib/server/client-address.ts reads it).
import { notePeer } from './peer-address.mjs';
import { createServerLogger, requestLogger } from './server-log.mjs';

const root = join(import.meta.dirname, '..');
// Migrations, the data folder and Next's own files are all found from the project folder.
process.chdir(root);
process.env.NODE_ENV ??= 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });
applyBuildSettings();

const logger = createServerLogger();
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.fatal(`PORT=${process.env.PORT} is not a port number.`);
  process.exit(1);
}
// Next names 127.0.0.1 "localhost" inside proxy.ts but not in its router, so with 127.0.0.1 every
// rewrite there (the signed-in post page) became an extra HTTP hop to itself.
const hostname = process.env.HOSTNAME === '127.0.0.1' ? 'localhost' : process.env.HOSTNAME || undefined;
const shownHost = !hostname || hostname === '0.0.0.0' ? 'localhost' : isIPv6(hostname) ? `[${hostname}]` : hostname;
const origin = `http://${shownHost === '[::]' ? '[::1]' : shownHost}:${port}`;
// WEB_CONCURRENCY processes (by default one per core, scripts/cluster.mjs autoWorkerCount) share the
// port (node:cluster); the first starts alone (migrations, demo content), and each write drops cached
// pages in all of them before it answers (lib/server/invalidation-bus.mjs).
const workers = cluster.isPrimary ? workerCount(process.env.WEB_CONCURRENCY) : 1;
if (workers === null) {
  logger.fatal(
    `WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY} is neither auto nor a number of processes from 1 to 64.`,
  );
  process.exit(1);
}
// What `next start` records for the app: server actions and the CLI's notifications call back to it.
process.env.PORT = String(port);
process.env.__NEXT_PRIVATE_ORIGIN = origin;

if (workers > 1 && cluster.isPrimary) runPrimary({ workers, logger, origin });
else await serve();

/**
 * Next reads its settings from the build (`.next/required-server-files.json`), as its standalone
 * server.js does, rather than compiling next.config.ts again: a standalone folder (the Docker image)
 * has no next.config.ts. PAGE_CACHE_MB stays a setting of the running server. Without a build,
 * app.prepare() says there is none.
 */
function applyBuildSettings() {
  const file = join(root, '.next', 'required-server-files.json');
  if (!existsSync(file)) return;
  const { config } = JSON.parse(readFileSync(file, 'utf8'));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify({
    ...config,
    cacheMaxMemorySize: cacheBytes(process.env.PAGE_CACHE_MB),
  });
}

/** One server process: Next behind the front door, on the port (alone, or as one of the cluster's workers). */
async function serve() {
  let redisBus;
  if (process.env.REDIS_URL) {
    // Invalidations to and from every process of every app server, through Redis (lib/server/redis-bus.mjs).
    const problem = redisUrlProblem(process.env.REDIS_URL);
    if (problem) {
      logger.fatal(problem);
      process.exit(1);
    }
    try {
      redisBus = await connectRedisBus({ url: process.env.REDIS_URL, logger });
    } catch (error) {
      logger.fatal(error.message);
      process.exit(1);
    }
    globalThis[INVALIDATION_BUS] = redisBus;
  } else if (cluster.isWorker) {
    // Invalidations to and from the other processes, through the primary (scripts/cluster.mjs).
    const bus = createWorkerBus({ send: (message) => process.connected && process.send(message) });
    globalThis[INVALIDATION_BUS] = bus;
    process.on('message', (message) => void bus.receive(message));
  }
  const app = next({ dev: false, dir: root, hostname: hostname ?? 'localhost', port });
  try {
    await app.prepare();
  } catch (error) {
    // One sentence, not a stack: most often there is no build yet, or a setting is wrong (see lib/server/env.ts).
    const reason =
      error instanceof Error ? (error.cause instanceof Error ? error.cause : error).message : String(error);
    logger.fatal(
      reason.includes('production build')
        ? 'There is no production build: run `npm run build`, or `npm start`, which builds when needed.'
        : `Quire could not start: ${reason}`,
    );
    process.exit(1);
  }
  const logRequest = requestLogger(logger);
  let frontDoor;
  try {
    // Visitor pages from memory, CDN headers, and the purge hook (see scripts/front-door.mjs).
    const purge = purgeSettings();
    const nextHandle = app.getRequestHandler();
    frontDoor = createFrontDoor({
      // Next's answers only: the front door's own set their headers whole (appendHeaderOnce, below).
      handle: (request, response) => {
        response.appendHeader = appendHeaderOnce;
        return nextHandle(request, response);
      },
      ...frontSettings(),
      purge: purge ? createPurger(purge, { logger }) : undefined,
      logger,
      // Where the front door fetches the 404 page's markup for readers without JavaScript, and the
      // key that opens it, the same in every process of a cluster (any of them may answer the fetch).
      origin,
      errorPageKey: process.env.QUIRE_ERROR_PAGE_KEY || undefined,
      beforeApp: notePeer,
    });
  } catch (error) {
    logger.fatal(`Quire could not start: ${error.message}`);
    process.exit(1);
  }

  /**
   * Next 16.4 appends a cached page's headers to the ones its render already set, so a redirect that a
   * cached page makes (a post's old slug) answered its first request with two identical Location
   * headers (an invalid response). One Location per response: a second one is dropped.
   */
  function appendHeaderOnce(name, value) {
    if (typeof name === 'string' && name.toLowerCase() === 'location' && this.hasHeader('location')) return this;
    return ServerResponse.prototype.appendHeader.call(this, name, value);
  }

  const failed = (response, error) => {
    logger.error({ err: error }, 'A request failed before Next could answer it.');
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  };
  // Not an async function: a page the front cache holds is answered without a promise.
  const answer = (request, response) => {
    let answering;
    try {
      answering = frontDoor(request, response);
    } catch (error) {
      return failed(response, error);
    }
    answering?.catch((error) => failed(response, error));
  };
  // While connections come in under load, requests wait for short turns of the event loop, so the
  // connections are taken in between (lib/server/turns.mjs); the request log times them from their arrival.
  const turns = createTurns();
  const server = createServer((request, response) => {
    logRequest(request, response);
    turns.admit(() => answer(request, response));
  });
  server.on('connection', () => turns.connected());
  // Longer than a load balancer's idle timeout (60 s on most), so the server never closes a kept-alive
  // connection the balancer is about to reuse: that race shows up as sporadic 502s. Headers must be
  // allowed a little longer than keep-alive, as Node's documentation advises.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  server.on('error', (error) => {
    const reason =
      error.code === 'EADDRINUSE'
        ? `port ${port} is already in use; stop the other server or set PORT`
        : error.code === 'EACCES'
          ? `port ${port} needs more privileges; use a port above 1023 behind a proxy`
          : error.message;
    logger.fatal(`Quire cannot listen: ${reason}.`);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    // From now on this process keeps pages, so the other servers' writes must reach it.
    void redisBus?.serve();
    if (cluster.isWorker) logger.debug({ worker: process.env.QUIRE_WORKER }, 'A server process is listening.');
    else logger.info({ url: origin }, `Quire is listening on ${origin}.`);
  });

  /** The app's last work (buffered views written, the scheduler's lease given up); never throws. */
  function finishAppWork() {
    return runShutdownTasks((task, error) => logger.error({ err: error, task }, 'A task on the way out failed.'));
  }

  let stopping = false;
  async function stop(signal) {
    // A second Ctrl+C stops at once.
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal}: finishing open requests, then stopping.`);
    // Requests still running after 10 s are cut off rather than holding up a restart (buffered views
    // are still written first).
    setTimeout(() => {
      logger.warn('Requests were still open after 10 seconds; stopping without them.');
      void finishAppWork().finally(() => process.exit(1));
    }, 10_000).unref();
    try {
      // No new connections; idle kept-alive ones are closed, open requests run to their end.
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    } catch (error) {
      logger.error({ err: error }, 'Stopping did not go cleanly.');
    }
    await finishAppWork();
    await redisBus?.close();
    logger.info('Quire has stopped.');
    logRequest.flush();
    logger.flush();
    process.exit(0);
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop(signal));
  if (cluster.isWorker) {
    // The primary got the signal and passes it on, or is gone: either way, finish as on SIGTERM.
    process.on('message', (message) => message?.[STOP_MESSAGE] && !stopping && void stop('SIGTERM'));
    process.on('disconnect', () => !stopping && void stop('SIGTERM'));
  }
}
