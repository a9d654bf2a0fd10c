// The server's own log (start, stop, one line per request), set up like lib/server/logger.ts: JSON lines for log
// shippers, readable lines when a person watches a terminal, level from LOG_LEVEL. Plain JavaScript because
// scripts/server.mjs runs before anything compiles TypeScript.
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import pretty from 'pino-pretty';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function createServerLogger({
  level = process.env.LOG_LEVEL,
  destination,
  pretty: readable = process.stdout.isTTY === true,
} = {}) {
  const name = (level ?? 'info').trim().toLowerCase();
  const options = {
    level: levels.includes(name) ? name : 'info',
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  // Lines are written off the request path (asynchronously); pino flushes what is left when the process exits.
  const stream =
    destination ??
    (readable
      ? pretty({ colorize: true, singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' })
      : pino.destination({ sync: false }));
  // LOG_LEVEL mistakes are reported by lib/server/logger.ts when the app starts; once is enough.
  return pino(options, stream);
}

const MAX_PATH_LENGTH = 512;

/**
 * The path of a request URL without its query string, which can hold secrets (sign-in tokens,
 * unsubscribe links, OAuth codes). Very long paths are cut so a junk request cannot flood the log.
 */
export function requestPath(url = '/') {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}…` : path;
}

/** The fields of one request line; `aborted` when the client went away before the response ended. */
export function requestLogFields({ method, url, status, milliseconds, finished }) {
  const fields = { method, path: requestPath(url), status, ms: Math.round(milliseconds) };
  if (!finished) fields.aborted = true;
  return fields;
}

const startedAt = Symbol('quire.startedAt');
// Next rewrites request.url while routing (/ becomes /page/1); the log shows what the client asked for.
const requestedUrl = Symbol('quire.requestedUrl');

/**
 * Returns a function to call with each request: it logs one line when the response closes. One shared
 * listener reads everything from the response, so a request costs its log object and nothing more.
 */
export function requestLogger(logger) {
  function logResponse() {
    const fields = requestLogFields({
      method: this.req.method,
      url: this[requestedUrl],
      status: this.statusCode,
      milliseconds: performance.now() - this[startedAt],
      finished: this.writableFinished,
    });
    if (this.statusCode >= 500) logger.error(fields, 'request');
    else logger.info(fields, 'request');
  }
  return (request, response) => {
    response[startedAt] = performance.now();
    response[requestedUrl] = request.url;
    response.once('close', logResponse);
  };
}
