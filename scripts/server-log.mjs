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
  const logger = pino(options, stream);
  // JSON lines: requestLogger writes its own lines straight to the stream (see there).
  if (!readable || destination) logger[jsonStream] = stream;
  return logger;
}

/** The stream of a logger that writes JSON lines, for requestLogger's own lines. */
const jsonStream = Symbol('quire.jsonStream');

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

/**
 * How long request lines wait to be written together, in milliseconds, and how many characters make
 * a write at once. A write per turn of the event loop meant thousands a second under load; with
 * several processes each went through the primary (scripts/cluster.mjs pipeLines), which then spent
 * 3–4 µs of CPU per request on the two cores the processes share, against about 1 µs now.
 */
export const REQUEST_LINES_MS = 25;
export const REQUEST_LINES_BYTES = 64 * 1024;

/**
 * Request lines of a JSON logger, written as pino writes them (the same fields, in the same order) but
 * serialised here from their four known fields and handed to the stream together every
 * REQUEST_LINES_MS: under load pino's general serialiser and a write per line were a fifth of the
 * cost of a page served from the front cache. Returns undefined when the logger is not plain JSON lines.
 */
function jsonRequestLines(logger) {
  const stream = logger[jsonStream];
  if (!stream) return undefined;
  // pino's own serialised bindings (`,"pid":…,"hostname":"…"`), as it writes them into each line.
  const bindings = logger[pino.symbols.chindingsSym] ?? '';
  let pending = '';
  // Many lines share a millisecond under load: its ISO text is made once.
  let lastMs = NaN;
  let lastIso = '';
  const isoNow = () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
  /** The write of the lines pending, REQUEST_LINES_MS after the first of them. */
  let timer;
  const flush = () => {
    clearTimeout(timer);
    if (pending === '') return;
    const lines = pending;
    pending = '';
    stream.write(lines);
  };
  return {
    write(fields) {
      if (pending === '') timer = setTimeout(flush, REQUEST_LINES_MS).unref();
      pending +=
        `{"level":"info","time":"${isoNow()}"${bindings},` +
        `"method":${JSON.stringify(fields.method)},"path":${JSON.stringify(fields.path)},` +
        `"status":${fields.status},"ms":${fields.ms}${fields.aborted ? ',"aborted":true' : ''},"msg":"request"}\n`;
      if (pending.length >= REQUEST_LINES_BYTES) flush();
    },
    flush,
  };
}

/**
 * Returns a function to call with each request: it logs one line when the response closes. What the
 * line needs is kept in the listener, not on the response (whose shape Node's own code then sees
 * unchanged). Its `flush()` writes out at once the lines still waiting to be written together.
 */
export function requestLogger(logger) {
  const fast = jsonRequestLines(logger);
  function logResponse(request, response, url, startedAt) {
    const fields = requestLogFields({
      method: request.method,
      // Next rewrites request.url while routing (/ becomes /page/1); the log shows what the client asked for.
      url,
      status: response.statusCode,
      milliseconds: performance.now() - startedAt,
      finished: response.writableFinished,
    });
    if (response.statusCode >= 500) logger.error(fields, 'request');
    else if (fast && logger.isLevelEnabled('info')) fast.write(fields);
    else logger.info(fields, 'request');
  }
  const logRequest = (request, response) => {
    const startedAt = performance.now();
    const url = request.url;
    // 'close' comes once: a plain listener spares once()'s wrapper.
    response.on('close', () => logResponse(request, response, url, startedAt));
  };
  logRequest.flush = () => fast?.flush();
  return logRequest;
}
