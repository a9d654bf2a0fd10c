// The purge hook: tells a CDN or caching proxy in front of Quire to drop the pages a write changed,
// by the same tags the pages carry in their Cache-Tag / Surrogate-Key headers (lib/server/front-cache.mjs).
// Fired after the page cache has dropped them here, off the write's path: a slow or failing CDN
// never slows or fails a comment. Plain JavaScript, loaded by scripts/server.mjs.
import { z } from 'zod';
import { encodeTag } from './front-cache.mjs';

const settingsSchema = z.object({
  url: z
    .string()
    .url('CDN_PURGE_URL must be a full http(s) URL.')
    .refine((value) => /^https?:/i.test(value), 'CDN_PURGE_URL must be an http or https URL.'),
  method: z.enum(['POST', 'PURGE', 'DELETE', 'GET', 'PUT'], {
    message: 'CDN_PURGE_METHOD must be POST, PURGE, DELETE, GET or PUT.',
  }),
  headers: z.record(z.string(), z.string()),
});
const HEADERS_MESSAGE = 'CDN_PURGE_HEADERS must be a JSON object of strings, e.g. {"Authorization": "Bearer …"}.';

/**
 * The hook's settings from the environment, or null when CDN_PURGE_URL is unset. Throws a sentence
 * naming the setting when one is invalid (never its value: the headers hold API tokens).
 */
export function purgeSettings(env = process.env) {
  if (!env.CDN_PURGE_URL) return null;
  let headers = {};
  if (env.CDN_PURGE_HEADERS) {
    try {
      headers = JSON.parse(env.CDN_PURGE_HEADERS);
    } catch {
      throw new Error(HEADERS_MESSAGE);
    }
  }
  const parsed = settingsSchema.safeParse({
    url: env.CDN_PURGE_URL,
    method: (env.CDN_PURGE_METHOD || 'POST').toUpperCase(),
    headers,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(issue.path[0] === 'headers' ? HEADERS_MESSAGE : issue.message);
  }
  return parsed.data;
}

/**
 * The requests one batch of tags makes. With `{tag}` in the URL: one request per tag (Fastly's
 * `/purge/{tag}`, a Varnish or nginx purge location). Otherwise one request: `{tags}` in the URL is
 * replaced by the comma-separated list, and the body is `{"tags": [...]}` (Cloudflare's purge_cache)
 * with a `Surrogate-Key` header listing them (Fastly's batch purge). Tags are percent-encoded as in
 * the pages' headers.
 */
export function purgeRequests(settings, tags) {
  const encoded = tags.map(encodeTag);
  const withBody = settings.method !== 'GET' && settings.method !== 'DELETE';
  if (settings.url.includes('{tag}')) {
    return encoded.map((tag) => ({
      url: settings.url.replaceAll('{tag}', tag),
      init: { method: settings.method, headers: { ...settings.headers, 'surrogate-key': tag } },
    }));
  }
  return [
    {
      url: settings.url.replaceAll('{tags}', encoded.join(',')),
      init: {
        method: settings.method,
        headers: {
          ...(withBody ? { 'content-type': 'application/json' } : {}),
          ...settings.headers,
          'surrogate-key': encoded.join(' '),
        },
        body: withBody ? JSON.stringify({ tags: encoded }) : undefined,
      },
    },
  ];
}

/** How long tags gather before one purge: the tags of one write arrive in a burst. */
const BATCH_MS = 50;
const TIMEOUT_MS = 10_000;

/**
 * A function to call with each invalidation's tags; it never throws and returns at once. Tags are
 * batched over BATCH_MS and sent with `fetchImpl`; a failure is logged (without the headers) and
 * not retried, since the CDN's short s-maxage bounds what a lost purge costs.
 */
export function createPurger(settings, { logger, fetchImpl = fetch, batchMs = BATCH_MS } = {}) {
  let pending = new Set();
  let timer = null;
  const idle = new Set();

  const flush = () => {
    timer = null;
    const tags = [...pending];
    pending = new Set();
    for (const { url, init } of purgeRequests(settings, tags)) {
      const sent = fetchImpl(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) })
        .then(async (response) => {
          await response.body?.cancel();
          if (!response.ok) logger?.warn({ status: response.status, tags }, 'The CDN refused a purge.');
        })
        .catch((error) => logger?.warn({ tags, reason: error.message }, 'A CDN purge could not be sent.'))
        .finally(() => idle.delete(sent));
      idle.add(sent);
    }
  };

  const purge = (tags) => {
    for (const tag of typeof tags === 'string' ? [tags] : tags) pending.add(tag);
    if (pending.size > 0 && !timer) timer = setTimeout(flush, batchMs);
  };
  /** Resolves when every purge asked for so far has been answered (for tests and shutdown). */
  purge.settled = async () => {
    while (timer || idle.size > 0) {
      if (timer) {
        clearTimeout(timer);
        flush();
      }
      await Promise.all([...idle]);
    }
  };
  return purge;
}
