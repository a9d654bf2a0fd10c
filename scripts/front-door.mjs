// What scripts/server.mjs puts in front of Next: visitor pages from the front cache (lib/server/front-cache.mjs),
// cache headers a CDN can honour on everything else, and the link from the page cache's tag
// invalidations (lib/server/page-cache-handler.mjs) to the front cache and the CDN purge hook.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import {
  buildEntry,
  cacheClock,
  cdnHeaders,
  chooseEncoding,
  compressForOne,
  createFrontCache,
  isPlainPageRequest,
  matchesEtag,
  requestKind,
  withVary,
} from '../lib/server/front-cache.mjs';
import { cachesTrusted } from '../lib/server/invalidation-bus.mjs';

/**
 * Where lib/server/page-cache-handler.mjs finds the front door. A global, not an import: Next loads its cache
 * handler itself, and whether that is the module instance this server imported is Next's business.
 */
export const FRONT_HOOK = Symbol.for('quire.front-door');

/** Where lib/server/viewer-door.ts leaves the viewer request's answer (see answerViewer below). */
const VIEWER_DOOR = Symbol.for('quire.viewer-door');
const VIEWER_PATH = /^\/api\/posts\/([^/?]+)\/viewer$/;
/** Where lib/server/search-door.ts leaves a search's answer (see answerSearch below). */
const SEARCH_DOOR = Symbol.for('quire.search-door');
/** What a search's answer varies on, as Next says for the page (its client router asks the same address). */
const SEARCH_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding';
/** Where lib/server/comment-door.ts leaves the comment form's answer (see answerComment below). */
const COMMENT_DOOR = Symbol.for('quire.comment-door');
const COMMENT_PATH = /^\/api\/posts\/([^/?]+)\/comments$/;
/** As lib/server/request-checks.ts PAGE_POST_LIMIT_BYTES: a 2 MB form and room for its encoding. */
const FORM_LIMIT_BYTES = 2 * 1024 * 1024 + 64 * 1024;
const NOT_POSTED = 'The comment could not be posted because of an error on this site. Try again in a moment.';
const VIEWER_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'private, no-store',
  'x-content-type-options': 'nosniff',
};

/**
 * Where app/quire-error-page finds the key that opens it: made afresh by each front door, so from
 * outside that page is a 404 like any other unknown address.
 */
const ERROR_PAGE_KEY = Symbol.for('quire.error-page-key');
const ERROR_PAGE_ROOT = '/quire-error-page/';
/** The pages Next 16 sends as an empty shell, drawn only by JavaScript (see fillErrorShell). */
const SHELL_STATUSES = new Set([403, 404]);
const ERROR_SHELL = '<html id="__next_error__">';
/** What Next's compression may have done to an error shell (it compresses uncached pages). */
const DECODERS = { gzip: promisify(gunzip), br: promisify(brotliDecompress), deflate: promisify(inflate) };
/** How long a 404 waits for its page's markup before going out as Next sent it. */
const ERROR_PAGE_TIMEOUT_MS = 5_000;

/**
 * What of `page`, a whole page Next rendered, goes into an error shell (see fillErrorShell): its html
 * attributes, stylesheet links, body tag and body without scripts. Null when it is not such a page.
 */
export function errorPageParts(page) {
  const html = /<html\b([^>]*)>/i.exec(page);
  const headEnd = page.indexOf('</head>');
  const body = /<body\b[^>]*>/i.exec(page);
  const bodyEnd = page.lastIndexOf('</body>');
  if (!html || headEnd < 0 || !body || bodyEnd < body.index) return null;
  return {
    htmlAttributes: html[1].replace(/\sid="[^"]*"/i, ''),
    stylesheets: (page.slice(0, headEnd).match(/<link\b[^>]*\brel="stylesheet"[^>]*>/gi) ?? []).join(''),
    bodyTag: body[0],
    // React's markup: no `</script>` occurs inside a script (Next escapes its inline data).
    markup: page.slice(body.index + body[0].length, bodyEnd).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, ''),
  };
}

/**
 * Next's error shell (`<html id="__next_error__">`, a body of scripts) with a page's readable parts
 * (errorPageParts). The scripts stay, so with JavaScript nothing changes: Next sees the shell's id and
 * renders the document with React's createRoot, which first clears the body of everything but
 * scripts, styles and stylesheets. In the markup, `replace` swaps each `from` for `to` (the page's
 * own address in the sign-in links' returnTo, for the address asked). Anything unexpected: the shell
 * as it was.
 */
export function fillErrorShell(shell, parts, replace = []) {
  const htmlAt = shell.indexOf(ERROR_SHELL);
  const headEnd = shell.indexOf('</head>', htmlAt);
  const bodyAt = shell.indexOf('<body>', headEnd);
  if (!parts || htmlAt < 0 || headEnd < 0 || bodyAt < 0) return shell;
  let { markup } = parts;
  for (const { from, to } of replace) markup = markup.replaceAll(from, () => to);
  return (
    shell.slice(0, htmlAt) +
    `<html id="__next_error__"${parts.htmlAttributes}>` +
    shell.slice(htmlAt + ERROR_SHELL.length, headEnd) +
    parts.stylesheets +
    shell.slice(headEnd, bodyAt) +
    parts.bodyTag +
    markup +
    shell.slice(bodyAt + '<body>'.length)
  );
}

function wholeNumber(name, raw, fallback) {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name}=${raw} is not a whole number of ${name.endsWith('_MB') ? 'megabytes' : 'seconds'}.`);
  }
  return value;
}

/** FRONT_CACHE_MB (0 turns the front cache off), CDN_MAX_AGE and CDN_STALE_SECONDS. */
export function frontSettings(env = process.env) {
  return {
    maxBytes: wholeNumber('FRONT_CACHE_MB', env.FRONT_CACHE_MB, 64) * 1024 * 1024,
    maxAge: wholeNumber('CDN_MAX_AGE', env.CDN_MAX_AGE, 60),
    staleSeconds: wholeNumber('CDN_STALE_SECONDS', env.CDN_STALE_SECONDS, 60),
  };
}

/**
 * Returns the server's request handler: `handle` (Next's) behind the front cache. `purge` is called
 * with every invalidation's tags (lib/server/cdn-purge.mjs), `clock` is the page cache's. `origin` is
 * this server's own address, where the 404 and 403 pages' markup is fetched (see fillErrorShell);
 * without it those pages go out as Next sends them. `errorPageKey` opens that markup's hidden page: made
 * afresh unless given (a cluster's processes share one, since any of them may answer the fetch).
 * `beforeApp(request)` runs before the app (the doors below, or Next) sees a request the front cache
 * did not answer (scripts/peer-address.mjs).
 */
export function createFrontDoor({
  handle,
  maxBytes,
  maxAge,
  staleSeconds,
  purge,
  logger,
  origin,
  errorPageKey = randomBytes(18).toString('base64url'),
  clock = cacheClock,
  beforeApp = () => {},
}) {
  // Kept even when off (maxBytes 0): the invalidation times also decide which responses a CDN may keep.
  const cache = createFrontCache({ maxBytes, clock });
  globalThis[ERROR_PAGE_KEY] = errorPageKey;
  /** What the page cache gave the request being handled: its tags, and whether anything was missing. */
  const reads = new AsyncLocalStorage();
  /** Pages being captured now: one capture a page at a time, the other requests go on compressed. */
  const filling = new Set();

  globalThis[FRONT_HOOK] = {
    /** Called by the page cache for each read: the entry's tags, date and lifetime, or null on a miss. */
    pageRead(found) {
      const read = reads.getStore();
      if (!read) return;
      if (!found) {
        read.missed = true;
        return;
      }
      for (const tag of found.tags) read.tags.add(tag);
      const revalidate = found.cacheControl?.revalidate;
      if (typeof revalidate === 'number') {
        read.expiresAt = Math.min(read.expiresAt, found.lastModified + revalidate * 1000);
      }
    },
    /**
     * Called by the page cache when tags are invalidated, before the write that did it answers; with
     * `purge` (the write was in this process) the CDN is told too.
     */
    tagsRevalidated(tags, { purge: tellCdn = true } = {}) {
      const list = typeof tags === 'string' ? [tags] : [...tags];
      cache.invalidate(list);
      if (tellCdn) purge?.(list);
    },
    /** Called by the page cache when it drops everything (lib/server/redis-bus.mjs). */
    allDropped() {
      cache.invalidateAll();
    },
    /** For answers the app keeps in memory (lib/server/kept-answers.ts): the clock invalidations are on. */
    now: clock,
    /** Whether none of these tags was invalidated since `since`, and this process hears of every invalidation. */
    unchangedSince(tags, since) {
      return cachesTrusted() && !cache.invalidatedSince(tags, since);
    },
  };

  /** Sets the cache headers of a response Next is about to send, from what the request read. */
  function setCacheHeaders(response, read) {
    const cacheControl = String(response.getHeader('cache-control') ?? '');
    if (read.kind === 'signed-in' || read.kind === 'framework') {
      // The same page Next serves visitors says s-maxage; a shared cache must not keep a signed-in
      // response, nor an RSC payload a CDN that ignores Vary could hand to a page view.
      // (Only Next's page header is replaced: images and files keep their own.)
      if (/\bs-maxage\b/i.test(cacheControl)) response.setHeader('cache-control', 'private, no-store');
      return;
    }
    const tags = [...read.tags];
    read.shareable =
      response.statusCode === 200 &&
      response.getHeader('x-nextjs-cache') === 'HIT' &&
      !read.missed &&
      tags.length > 0 &&
      !response.hasHeader('set-cookie') &&
      !cache.invalidatedSince(tags, read.startedAt);
    if (read.shareable) {
      for (const [name, value] of Object.entries(cdnHeaders({ maxAge, staleSeconds, tags }))) {
        response.setHeader(name, value);
      }
      response.setHeader('vary', withVary(response.getHeader('vary'), ['Cookie']));
    } else if (/\bs-maxage\b/i.test(cacheControl)) {
      // Next's s-maxage is a month: a CDN would keep a page no purge can reach (its tags are unknown
      // here: rendered just now, or read before a write). It may keep it only to revalidate it.
      response.setHeader('cache-control', 'public, no-cache');
    }
  }

  function sendEntry(request, response, entry, signedIn) {
    const variant = entry.variants[chooseEncoding(request.headers['accept-encoding'])] ?? entry.variants.identity;
    if (matchesEtag(request.headers['if-none-match'], entry.etags)) {
      response.writeHead(304, signedIn ? variant.privateNotModified : variant.notModified);
      response.end();
      return;
    }
    response.writeHead(entry.status, signedIn ? variant.privateHeaders : variant.headers);
    response.end(request.method === 'HEAD' ? undefined : variant.body);
  }

  /** Copies what Next writes, so a page Next served from its cache can be kept here. */
  function capture(request, response, read) {
    const key = request.url;
    filling.add(key);
    // The capture takes Next's bytes uncompressed (this one response goes out so); the entry
    // compresses them once for everyone after.
    delete request.headers['accept-encoding'];
    const chunks = [];
    let length = 0;
    let tooLarge = false;
    const keep = (chunk, encoding) => {
      if (chunk == null || typeof chunk === 'function' || tooLarge) return;
      const bytes =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
          : Buffer.from(chunk);
      length += bytes.length;
      if (length > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(bytes);
      }
    };
    response.write = function write(chunk, encoding, callback) {
      keep(chunk, encoding);
      return ServerResponse.prototype.write.call(this, chunk, encoding, callback);
    };
    response.end = function end(chunk, encoding, callback) {
      keep(chunk, encoding);
      return ServerResponse.prototype.end.call(this, chunk, encoding, callback);
    };
    response.once('close', async () => {
      try {
        if (!response.writableFinished || !read.shareable || tooLarge || !read.headers) return;
        const entry = await buildEntry({
          status: read.status,
          headers: read.headers,
          body: Buffer.concat(chunks, length),
          tags: [...read.tags],
          expiresAt: read.expiresAt,
        });
        // Refused when one of its tags was invalidated since this request began (see set()).
        cache.set(key, entry, read.startedAt);
      } catch (error) {
        logger?.warn({ err: error }, 'A page could not be kept in the front cache.');
      } finally {
        filling.delete(key);
      }
    });
  }

  /**
   * A signed-in reader's post view is the shared page (above) plus `GET /api/posts/<id>/viewer`, once
   * per view: answered here by the app's own code (lib/server/viewer-door.ts, the route's same answer
   * and session checks) without Next's routing. False when it is Next's to answer.
   */
  async function answerViewer(request, response) {
    const door = globalThis[VIEWER_DOOR];
    const id = request.method === 'GET' && door ? VIEWER_PATH.exec(request.url)?.[1] : undefined;
    if (id === undefined) return false;
    let answer;
    try {
      answer = await door(request.headers, id);
    } catch (error) {
      // Next's route gives the same answer, with its own error handling.
      logger?.warn({ err: error }, 'The viewer request goes to Next: answering it before Next failed.');
      return false;
    }
    if (!answer) return false;
    // JSON text (lib/server/kept-answers.ts).
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      ...viewerHeaders(answer.headers),
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
    return true;
  }

  /**
   * A signed-in reader's comment (`POST /api/posts/<id>/comments`, urlencoded): answered here by the
   * route's own code (lib/server/comment-door.ts), which drops the cached pages before the answer
   * goes. False, with the body unread, when it is Next's to answer.
   */
  async function answerComment(request, response) {
    const door = globalThis[COMMENT_DOOR];
    const id = request.method === 'POST' && door ? COMMENT_PATH.exec(request.url)?.[1] : undefined;
    if (id === undefined) return false;
    let bodyRead = false;
    const readBody = () => {
      bodyRead = true;
      return readText(request, FORM_LIMIT_BYTES);
    };
    let answer;
    try {
      answer = await door(request.headers, id, readBody);
      if (!answer && bodyRead) throw new Error('The comment door read the form and then declined it.');
    } catch (error) {
      if (!bodyRead) {
        logger?.warn({ err: error }, 'The comment goes to Next: answering it before Next failed.');
        return false;
      }
      logger?.error({ err: error }, 'A comment could not be posted.');
      answer = {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: NOT_POSTED,
        setCookies: [],
      };
    }
    if (!answer) return false;
    const headers = {
      ...lowerCased(answer.headers),
      'x-content-type-options': 'nosniff',
      'content-length': Buffer.byteLength(answer.body),
    };
    if (answer.setCookies.length > 0) headers['set-cookie'] = answer.setCookies;
    response.writeHead(answer.status, headers);
    response.end(answer.body);
    return true;
  }

  /**
   * The 404 (or 403) page's whole HTML, rendered by Next for a visitor and cached like any page: from
   * the front cache, else from this server (which keeps it there once Next serves it from its cache).
   */
  async function errorPage(status) {
    const path = `${ERROR_PAGE_ROOT}${errorPageKey}/${status}`;
    const held = maxBytes > 0 ? cache.get(path) : null;
    if (held) return { path, parts: errorPageParts(held.variants.identity.body.toString('utf8')) };
    const answer = await fetch(new URL(path, origin), { signal: AbortSignal.timeout(ERROR_PAGE_TIMEOUT_MS) });
    if (answer.status !== 200) {
      // Read to the end, not cancelled: a cancelled body leaves the connection half used.
      await answer.arrayBuffer();
      throw new Error(`${path.replace(errorPageKey, '…')} answered ${answer.status}.`);
    }
    return { path, parts: errorPageParts(await answer.text()) };
  }

  /**
   * Holds back an HTML 404 or 403 until Next has written all of it; when it is the empty error shell,
   * sends it with the page's markup in (fillErrorShell). Every other response passes straight through.
   */
  function holdErrorShell(request, response) {
    const inner = {
      writeHead: response.writeHead,
      write: response.write,
      end: response.end,
      flushHeaders: response.flushHeaders,
    };
    /** undecided until Next writes its head; then held (an HTML 403/404) or passed. */
    let state = 'undecided';
    let headArgs;
    const chunks = [];
    const keep = (chunk, encoding) => {
      if (chunk == null || typeof chunk === 'function') return;
      chunks.push(
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
          : Buffer.from(chunk),
      );
    };
    const callbackOf = (...args) => args.find((arg) => typeof arg === 'function');

    /** The shell with the page's markup in, uncompressed; null when what Next sent is not the shell. */
    async function filledShell(sent) {
      const encoding = response.getHeader('content-encoding');
      const shell = encoding === undefined ? sent : await DECODERS[String(encoding).toLowerCase()](sent);
      // Only the start is looked at: a whole 404 page (the prerendered one) goes out as it is.
      if (!shell.subarray(0, 512).includes(ERROR_SHELL)) return null;
      const { path, parts } = await errorPage(response.statusCode);
      const asked = request.url.split('?')[0];
      const text = shell.toString('utf8');
      const filled = fillErrorShell(text, parts, [{ from: encodeURIComponent(path), to: encodeURIComponent(asked) }]);
      return filled === text ? null : Buffer.from(filled, 'utf8');
    }

    async function release(endCallback) {
      let body = Buffer.concat(chunks);
      try {
        const filled = await filledShell(body);
        if (filled) {
          // Sent as it is: an error page is small, and compressing it again would cost every 404 more.
          body = filled;
          response.removeHeader('content-encoding');
          response.setHeader('content-length', body.length);
        }
      } catch (error) {
        logger?.warn({ err: error }, 'An error page went out without its markup (readable only with JavaScript).');
      }
      if (response.destroyed) return;
      inner.writeHead.apply(response, headArgs);
      inner.end.call(response, body, endCallback);
    }

    response.writeHead = function writeHead(...args) {
      if (state === 'undecided') {
        const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
        const html = /^text\/html\b/i.test(String(this.getHeader('content-type') ?? ''));
        // Headers passed here rather than set are not looked into: such a response is not Next's page.
        const encoding = this.getHeader('content-encoding');
        const plain =
          args.length <= 1 && (encoding === undefined || Object.hasOwn(DECODERS, String(encoding).toLowerCase()));
        state = SHELL_STATUSES.has(status) && html && plain ? 'held' : 'passed';
        if (state === 'held') {
          this.statusCode = status;
          headArgs = args;
        }
      }
      return state === 'passed' ? inner.writeHead.apply(this, args) : this;
    };
    response.flushHeaders = function flushHeaders() {
      if (state === 'undecided') this.writeHead(this.statusCode);
      if (state === 'passed') inner.flushHeaders.call(this);
    };
    response.write = function write(chunk, encoding, callback) {
      if (state === 'undecided') this.writeHead(this.statusCode);
      if (state === 'passed') return inner.write.call(this, chunk, encoding, callback);
      if (state === 'held') keep(chunk, encoding);
      const done = callbackOf(encoding, callback);
      if (done) process.nextTick(done);
      return true;
    };
    response.end = function end(chunk, encoding, callback) {
      if (state === 'undecided') this.writeHead(this.statusCode);
      if (state === 'passed') return inner.end.call(this, chunk, encoding, callback);
      const done = callbackOf(chunk, encoding, callback);
      if (state === 'held') {
        // Ended once: Next's stream may call end() again while the markup is being fetched.
        state = 'ended';
        keep(chunk, encoding);
        release(done).catch((error) => {
          logger?.warn({ err: error }, 'An error page could not be sent.');
          response.destroy(error);
        });
      } else if (done) {
        process.nextTick(done);
      }
      return this;
    };
  }

  /**
   * A query's first asking (`GET /search?q=…`, not the client router's): answered here by the app's
   * own code (lib/server/search-door.ts: the cached search shell with this request's results, as
   * app/search/answer gives it, counted against the search limit), compressed once for this reader.
   * False when it is Next's to answer.
   */
  async function answerSearch(request, response, kind) {
    const door = globalThis[SEARCH_DOOR];
    if (!door || request.method !== 'GET' || kind === 'framework') return false;
    let answer;
    try {
      answer = await door(request.headers, request.url);
    } catch (error) {
      logger?.warn({ err: error }, 'The search goes to Next: answering it before Next failed.');
      return false;
    }
    if (!answer) return false;
    const headers = { ...lowerCased(answer.headers), vary: SEARCH_VARY };
    let body = Buffer.from(answer.body);
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (answer.status === 200 && encoding !== 'identity') {
      body = await compressForOne(body, encoding);
      headers['content-encoding'] = encoding;
    }
    headers['content-length'] = body.length;
    response.writeHead(answer.status, headers);
    response.end(body);
    return true;
  }

  /**
   * Answers a request: a page the front cache holds at once, without a promise (a cache hit is the
   * hot path); anything else through a promise (the doors above, or Next), after `beforeApp(request)`.
   */
  return function frontDoor(request, response) {
    const kind = requestKind(request);
    // A page held here is one Next serves from its page cache, the same document for everyone (its
    // per-viewer parts come from the viewer request), so signed-in readers get it too, marked private.
    // It is only ever filled from a visitor's request.
    const signedIn = kind === 'signed-in' && isPlainPageRequest(request);
    if ((kind === 'page' || signedIn) && maxBytes > 0) {
      const entry = cache.get(request.url);
      if (entry) return sendEntry(request, response, entry, signedIn);
    }
    return answerLater(request, response, kind);
  };

  async function answerLater(request, response, kind) {
    beforeApp(request);
    if (request.url.startsWith('/api/posts/')) {
      if ((await answerViewer(request, response)) || (await answerComment(request, response))) return;
    }
    if (request.url.startsWith('/search?') && (await answerSearch(request, response, kind))) return;
    if (kind === 'other') return handle(request, response);
    const read = { kind, tags: new Set(), missed: false, expiresAt: Infinity, startedAt: clock(), shareable: false };
    response.writeHead = function writeHead(...args) {
      if (typeof args[0] === 'number') this.statusCode = args[0];
      setCacheHeaders(this, read);
      read.status = this.statusCode;
      read.headers = this.getHeaders();
      return ServerResponse.prototype.writeHead.apply(this, args);
    };
    if (kind === 'page' && maxBytes > 0 && request.method === 'GET' && !filling.has(request.url)) {
      capture(request, response, read);
    }
    if (
      origin &&
      kind !== 'framework' &&
      request.method === 'GET' &&
      !request.url.startsWith(`${ERROR_PAGE_ROOT}${errorPageKey}/`)
    ) {
      holdErrorShell(request, response);
    }
    return reads.run(read, () => handle(request, response));
  }
}

/**
 * The viewer door's headers with the viewer answer's own: worked out once for the door's one
 * headers object (lib/server/security-headers.ts doorSecurityHeaders), not on every view.
 */
const viewerHeadersOf = new WeakMap();
function viewerHeaders(headers = {}) {
  let merged = viewerHeadersOf.get(headers);
  if (!merged) {
    merged = { ...lowerCased(headers), ...VIEWER_HEADERS };
    viewerHeadersOf.set(headers, merged);
  }
  return merged;
}

/** Header names in lower case, so the door's own headers replace rather than repeat the app's. */
const lowerCased = (headers = {}) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/** A request's body as text, or null when it is longer than `limit` bytes or breaks off. */
function readText(request, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let length = 0;
    request.on('data', (chunk) => {
      length += chunk.length;
      if (length > limit) {
        chunks.length = 0;
        request.removeAllListeners('data');
        request.resume();
        resolve(null);
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(length > limit ? null : Buffer.concat(chunks, length).toString('utf8')));
    request.on('error', () => resolve(null));
    request.on('aborted', () => resolve(null));
  });
}
