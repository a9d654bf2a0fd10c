/**
 * Where to send a reader after signing in: only a path on this site. Anything else (another host,
 * a protocol-relative `//evil.example`, a backslash trick, a javascript: URL) falls back to `/`.
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!isLocalPath(value)) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://quire.invalid');
    if (url.origin !== 'http://quire.invalid') return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Checked again after normalising: `/.//evil.example` becomes `//evil.example`, which a browser
    // reads as another host. Encoded slashes are refused too, in case anything decodes them later.
    if (!isLocalPath(path) || !isLocalPath(safeDecode(url.pathname))) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '//';
  }
}
