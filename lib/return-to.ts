/**
 * Where to send a reader after signing in: only a path on this site. Anything else (another host,
 * a protocol-relative `//evil.example`, a backslash trick, a javascript: URL) falls back to `/`.
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://quire.invalid');
    if (url.origin !== 'http://quire.invalid') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
