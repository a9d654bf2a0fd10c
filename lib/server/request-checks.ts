// Checks proxy.ts runs on the few requests its matcher lets in, for input that Next.js or Auth.js
// would answer with a 500 and a stack trace in the log: here each gets a 4xx and a sentence, or is
// repaired. Plain functions of the request: no `server-only`, so proxy.ts and unit tests can use them.

/** Next.js's `serverActions.bodySizeLimit` (next.config.ts) plus room for the multipart framing. */
export const PAGE_POST_LIMIT_BYTES = 2 * 1024 * 1024 + 64 * 1024;

/**
 * Whether the browser says the request comes from a page of this site. Compared like Next.js does
 * for server actions: the Origin's host against X-Forwarded-Host (first value) or Host. "missing"
 * is a request without an Origin header: not a browser form, so it cannot carry a reader's cookies
 * without the reader's say.
 */
export function requestOrigin(headers: Headers): 'same' | 'foreign' | 'missing' {
  const origin = headers.get('origin');
  if (origin === null) return 'missing';
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  try {
    return host && new URL(origin).host === host ? 'same' : 'foreign';
  } catch {
    // "null" (a sandboxed frame, a local file) and anything else that is not an address.
    return 'foreign';
  }
}

function refusal(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

// Server actions: Next.js's handler answers 500 for a foreign Origin, an unreadable multipart body
// and an argument list it cannot decode.

const notAForm = () => refusal(405, 'This page does not take posted data; it is only for reading.');
const unreadable = () => refusal(400, 'The form data could not be read. Reload the page and send the form again.');

// React encodes a server action's arguments as a JSON array: the whole body (text), or field "0" of a
// multipart body with the other fields it refers to. Anything else makes Next.js throw.
function isArgumentList(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * A refusal for a request with a body that Next.js would answer with a server error, or null to let
 * it through. Server actions come in two shapes: a `fetch` with a `Next-Action` header (JavaScript
 * on), or a plain multipart form post whose fields name the action (`$ACTION_…`, JavaScript off).
 * A page takes nothing else.
 */
export async function checkPagePost(request: Request): Promise<Response | null> {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const isActionCall = request.headers.has('next-action');
  if (request.method !== 'POST') return notAForm();
  if (Number(request.headers.get('content-length')) > PAGE_POST_LIMIT_BYTES) {
    return refusal(413, 'The form is larger than this site accepts (2 MB).');
  }
  // Refused before the body is read: the answer does not depend on it.
  if (isActionCall && requestOrigin(request.headers) === 'foreign') {
    return refusal(403, 'This form was sent from another site.');
  }
  const isMultipart = /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '');
  if (!isActionCall && !isMultipart) return notAForm();

  let form: FormData | null = null;
  let text: string | null = null;
  try {
    if (isMultipart) form = await request.formData();
    else text = await request.text();
  } catch {
    return unreadable();
  }
  if (isActionCall) return isArgumentList(form ? form.get('0') : text) ? null : unreadable();
  if (![...form!.keys()].some((name) => name.startsWith('$ACTION_'))) return notAForm();
  return requestOrigin(request.headers) === 'foreign' ? refusal(403, 'This form was sent from another site.') : null;
}

// A scheme `new URL()` accepts, and a host name or [IPv6] address with an optional port.
const schemePattern = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const hostPattern = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** For proxy.ts's matcher (a string literal there): an X-Forwarded-Proto / -Host `new URL()` rejects. */
export const forwardedPatterns = { 'x-forwarded-proto': schemePattern, 'x-forwarded-host': hostPattern };

/**
 * Request headers with X-Forwarded-Proto and X-Forwarded-Host made readable, or null when they
 * already are. Auth.js builds the site's address from them on every session read and throws on a
 * value such as `https, http` (a chain of proxies) or `a b`. The first readable entry of a list is
 * kept (the address the browser used, as Next.js reads it); an unreadable header is dropped.
 */
export function repairedForwardedHeaders(headers: Headers): Headers | null {
  let repaired: Headers | null = null;
  for (const [name, pattern] of Object.entries(forwardedPatterns)) {
    const value = headers.get(name);
    if (value === null || pattern.test(value)) continue;
    repaired ??= new Headers(headers);
    const first = value.split(',')[0]!.trim();
    if (pattern.test(first)) repaired.set(name, first);
    else repaired.delete(name);
  }
  return repaired;
}

/**
 * Whether Auth.js can read a return address (its `callbackUrl` parameter or cookie): a path on
 * this site or an http(s) address. Auth.js answers anything else with a 500 before it starts.
 */
export function isReadableReturnAddress(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith('/') ? 'http://quire.invalid' : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * Which of the named cookies hold a return address Auth.js cannot read. Read from the raw header the
 * way Auth.js reads it (the first of each name, percent-decoded when that works, else as sent):
 * Next.js's own cookie parser skips a badly encoded value that Auth.js still sees.
 */
export function unreadableReturnCookies(header: string, names: string[]): string[] {
  const seen = new Set<string>();
  const broken: string[] = [];
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1) continue;
    const name = pair.slice(0, equals).trim();
    if (!names.includes(name) || seen.has(name)) continue;
    seen.add(name);
    const raw = pair.slice(equals + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // kept as sent, as Auth.js does
    }
    if (value !== '' && !isReadableReturnAddress(value)) broken.push(name);
  }
  return broken;
}

/** A Cookie header without the named cookies, the others left exactly as sent. */
export function withoutCookies(header: string, names: string[]): string {
  return header
    .split(';')
    .filter((pair) => !names.includes(pair.split('=')[0]!.trim()))
    .join(';')
    .trim();
}
