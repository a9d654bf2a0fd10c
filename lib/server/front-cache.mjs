// The front cache: visitor pages answered from memory by scripts/server.mjs before Next sees the
// request. A cached page costs Next about 2 ms of CPU per request (routing, the response cache, a
// fresh compression for every browser); the same bytes from memory cost a few hundredths of that.
//
// Only pages that Next itself serves from its page cache (lib/server/page-cache-handler.mjs, `x-nextjs-cache:
// HIT`) are kept, with the tags that page carries there; whenever the page cache invalidates a tag,
// every entry carrying it is dropped at the same moment, so a write shows on the next request here
// exactly as it does in Next. Plain JavaScript: scripts/server.mjs runs before anything compiles
// TypeScript.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { cachesTrusted } from './invalidation-bus.mjs';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The clock of lib/server/page-cache-handler.mjs (monotonic): fills and invalidations are compared on it. */
export const cacheClock = () => performance.timeOrigin + performance.now();

// Brotli's quality 6 is nginx's default: 11 saves a few more percent for ten times the CPU, paid on
// every fill, which on a busy thread is after every comment.
const BROTLI_QUALITY = 6;
// Below this, compressing saves less than the headers it adds.
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/(?:[\w.+-]*\+)?(?:xml|json|javascript))/i;

/**
 * Headers that belong to one connection or one response, not to the page. (`x-nextjs-cache: HIT`
 * stays: only such responses are kept, and it still says where the page came from.)
 */
const DROPPED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'date',
  'content-length',
  'content-encoding',
  'etag',
]);

/**
 * Auth.js's session cookie (`authjs.session-token`, its chunks `.0`, `.1`, and the `__Secure-`
 * forms; lib/server/session-token.ts) and Quire's sign-in marker (lib/server/auth.ts SIGNED_IN_MARKER). A plain
 * substring test: a false positive only sends a request on to Next.
 */
export function carriesSession(cookieHeader) {
  return (
    typeof cookieHeader === 'string' &&
    (cookieHeader.includes('authjs.session-token') || cookieHeader.includes('quire-signed-in'))
  );
}

/**
 * What a request is, for the front cache and the cache headers:
 * - `page`: a visitor's plain GET/HEAD of a page, which the front cache may answer;
 * - `visitor`: another visitor request (a query string, an API route);
 * - `signed-in`: carries a session: never stored in a shared cache (a plain page the front cache holds
 *   is answered, marked private);
 * - `framework`: the client router's RSC and prefetch requests and server actions, always Next's;
 * - `other`: POST and the other methods, and Next's build files (`/_next/`).
 */
export function requestKind(request) {
  const { method, headers, url = '/' } = request;
  // Next's build files carry their own long-lived headers, right for everyone.
  if ((method !== 'GET' && method !== 'HEAD') || url.startsWith('/_next/')) return 'other';
  if (
    headers.rsc !== undefined ||
    headers['next-router-prefetch'] !== undefined ||
    headers['next-router-state-tree'] !== undefined ||
    headers['next-router-segment-prefetch'] !== undefined ||
    headers['next-action'] !== undefined ||
    /[?&]_rsc=/.test(url)
  ) {
    return 'framework';
  }
  if (carriesSession(headers.cookie) || headers.authorization !== undefined) return 'signed-in';
  return isPlainPageRequest(request) ? 'page' : 'visitor';
}

/**
 * Whether a GET or HEAD asks for a bare page address. Query strings pick per-request pages (proxy.ts:
 * `?reply=`, searches, `/?p=`): only bare paths are kept, so a key is always the very page Next cached.
 */
export function isPlainPageRequest({ headers, url = '/' }) {
  return !(
    url.includes('?') ||
    url.startsWith('/api/') ||
    headers['content-type'] !== undefined ||
    headers.range !== undefined
  );
}

/**
 * The encoding to send for an Accept-Encoding header: br or gzip, whichever has the higher q-value
 * (br on a tie: smaller), else identity. `*` stands for any encoding not named.
 */
export function chooseEncoding(acceptEncoding) {
  if (typeof acceptEncoding !== 'string' || acceptEncoding === '') return 'identity';
  // Browsers send a handful of distinct headers: each is parsed once (a bounded memo).
  let encoding = chosenEncodings.get(acceptEncoding);
  if (encoding === undefined) {
    if (chosenEncodings.size >= 64) chosenEncodings.clear();
    encoding = parseAcceptEncoding(acceptEncoding);
    chosenEncodings.set(acceptEncoding, encoding);
  }
  return encoding;
}

const chosenEncodings = new Map();

function parseAcceptEncoding(acceptEncoding) {
  const weights = new Map();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (name && Number.isFinite(weight)) weights.set(name.trim(), weight);
  }
  const weightOf = (name) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gzipWeight = Math.max(weightOf('gzip'), weights.get('x-gzip') ?? 0);
  if (br > 0 && br >= gzipWeight) return 'br';
  if (gzipWeight > 0) return 'gzip';
  return 'identity';
}

/** Whether If-None-Match names this entity (weak comparison, as RFC 9110 asks for GET and HEAD). */
export function matchesEtag(ifNoneMatch, etags) {
  if (typeof ifNoneMatch !== 'string' || ifNoneMatch === '') return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => etags.includes(candidate.trim().replace(/^W\//, '')));
}

/**
 * A tag as it appears in Cache-Tag / Surrogate-Key and in purge requests: percent-encoded, so a
 * post slug in any script, or Next's `_N_T_/posts/[slug]` path tags, stay within the printable
 * ASCII, comma- and space-free characters CDNs accept.
 */
export function encodeTag(tag) {
  return encodeURIComponent(tag).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Cache-Control for a visitor page that a shared cache may keep. Browsers always revalidate
 * (max-age=0; the front cache answers their If-None-Match with a 304); a CDN keeps the page for
 * `maxAge` seconds unless a purge comes first. stale-while-revalidate goes only into CDN-Cache-Control
 * (RFC 9213, read by CDNs and not browsers): in Cache-Control a browser would apply it too, and could
 * show a reader a page from before their own comment.
 */
export function cdnHeaders({ maxAge, staleSeconds, tags }) {
  const encoded = tags.map(encodeTag);
  return {
    'cache-control': `public, max-age=0, s-maxage=${maxAge}`,
    'cdn-cache-control': `public, s-maxage=${maxAge}${staleSeconds > 0 ? `, stale-while-revalidate=${staleSeconds}` : ''}`,
    'cache-tag': encoded.join(','),
    'surrogate-key': encoded.join(' '),
  };
}

/** Adds names to a Vary header's value, once each. */
export function withVary(value, names) {
  const present = String(value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const lower = new Set(present.map((name) => name.toLowerCase()));
  for (const name of names) if (!lower.has(name.toLowerCase())) present.push(name);
  return present.join(', ');
}

/** Headers of a cached page as sent to a signed-in reader: `private, no-store`, no CDN headers. */
function privately(headers) {
  const { 'cdn-cache-control': _cdn, 'cache-tag': _tag, 'surrogate-key': _key, ...rest } = headers;
  return { ...rest, 'cache-control': 'private, no-store' };
}

/**
 * A one-off answer (a search's) compressed for its one reader, on libuv's thread pool: quicker
 * settings than an entry's, whose bytes are compressed once for many readers.
 */
export function compressForOne(body, encoding) {
  if (encoding === 'gzip') return gzipAsync(body);
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 4,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

/**
 * Makes a front-cache entry from a response Next sent: its bytes compressed once per encoding (off the
 * event loop, on libuv's thread pool) and an ETag computed once.
 */
export async function buildEntry({ status, headers, body, tags, expiresAt = Infinity }) {
  const kept = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!DROPPED_HEADERS.has(name.toLowerCase()) && value !== undefined) kept[name.toLowerCase()] = value;
  }
  kept.vary = withVary(kept.vary, ['Accept-Encoding', 'Cookie']);
  kept['x-quire-cache'] = 'HIT';
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  const bodies = { identity: body };
  if (body.length >= MIN_COMPRESS_BYTES && COMPRESSIBLE.test(String(kept['content-type'] ?? ''))) {
    const [br, gz] = await Promise.all([
      brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
      gzipAsync(body, { level: 9 }),
    ]);
    bodies.br = br;
    bodies.gzip = gz;
  }
  const variants = {};
  for (const [encoding, bytes] of Object.entries(bodies)) {
    // One entity tag per representation (RFC 9110 §8.8.3): caches must not swap gzip for br bytes.
    const etag = `"${hash}${encoding === 'identity' ? '' : `-${encoding === 'br' ? 'br' : 'gz'}`}"`;
    const common = { ...kept, etag };
    if (encoding !== 'identity') common['content-encoding'] = encoding;
    const length = { 'content-length': String(bytes.length) };
    variants[encoding] = {
      body: bytes,
      headers: { ...common, ...length },
      // A 304 carries the headers a cache would update (RFC 9110 §15.4.5), not the body's length.
      notModified: common,
      // The same page for a signed-in reader: no shared cache may keep a response to their cookie.
      privateHeaders: { ...privately(common), ...length },
      privateNotModified: privately(common),
    };
  }
  const size = Object.values(bodies).reduce((total, bytes) => total + bytes.length, 0) + 2048;
  return {
    status,
    tags,
    expiresAt,
    size,
    variants,
    etags: Object.values(variants).map((variant) => variant.headers.etag),
  };
}

/**
 * The entries: a least-recently-used map bounded in bytes, the time each tag was last invalidated,
 * and the guard that keeps a page read before an invalidation from being stored after it.
 */
export function createFrontCache({ maxBytes, clock = cacheClock }) {
  /** key → entry, least recently used first. */
  const entries = new Map();
  /** tag → when it was last invalidated (clock time). */
  const invalidatedAt = new Map();
  let totalBytes = 0;
  /** When everything was last dropped (invalidateAll). */
  let allInvalidatedAt = -Infinity;

  /** The key last moved to the end of `entries` (the most recently used). */
  let newestKey;

  const remove = (key) => {
    const entry = entries.get(key);
    if (!entry) return;
    if (key === newestKey) newestKey = undefined;
    entries.delete(key);
    totalBytes -= entry.size;
  };

  const cache = {
    get(key) {
      // While this process may be missing invalidations, nothing it keeps is served.
      const entry = entries.get(key);
      if (!entry || !cachesTrusted()) return null;
      if (clock() >= entry.expiresAt) {
        remove(key);
        return null;
      }
      // Most recently used last; a page asked for again at once keeps its place.
      if (key !== newestKey) {
        entries.delete(key);
        entries.set(key, entry);
        newestKey = key;
      }
      return entry;
    },

    /** Whether any of these tags was invalidated at or after `since`. */
    invalidatedSince(tags, since) {
      if (allInvalidatedAt >= since) return true;
      for (const tag of tags) if ((invalidatedAt.get(tag) ?? -Infinity) >= since) return true;
      return false;
    },

    /**
     * Stores an entry for a page whose response began at `startedAt`, unless one of its tags was
     * invalidated since: the page may have been read from Next's cache just before that write, and
     * stored after it, it would outlive it. Returns whether it was stored.
     */
    set(key, entry, startedAt) {
      if (entry.size > maxBytes || cache.invalidatedSince(entry.tags, startedAt)) return false;
      remove(key);
      entries.set(key, entry);
      newestKey = key;
      totalBytes += entry.size;
      for (const oldest of entries.keys()) {
        if (totalBytes <= maxBytes) break;
        remove(oldest);
      }
      return true;
    },

    /** Drops every entry carrying one of these tags, now, and refuses fills begun before now. */
    invalidate(tags) {
      const now = clock();
      const dropped = new Set(tags);
      for (const tag of dropped) invalidatedAt.set(tag, now);
      for (const [key, entry] of entries) {
        if (entry.tags.some((tag) => dropped.has(tag))) remove(key);
      }
    },

    /** Drops every entry, now, and refuses fills begun before now. */
    invalidateAll() {
      allInvalidatedAt = clock();
      entries.clear();
      newestKey = undefined;
      totalBytes = 0;
    },

    stats: () => ({ entries: entries.size, bytes: totalBytes, maxBytes }),
  };
  return cache;
}
