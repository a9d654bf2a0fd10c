// Browser-side: follows the few non-secret cookies the server sets for page scripts (the sign-in
// marker, the viewer revision). No server-only imports.

type CookieStoreLike = EventTarget;

/**
 * Calls back when cookies may have changed: the Cookie Store API announces changes where the browser
 * has it; a light poll (reading document.cookie, no network) and focus events cover the rest (a
 * change in another tab, a cookie that expired).
 */
export function subscribeToCookies(onChange: () => void, pollMs = 1_000): () => void {
  const store = (window as { cookieStore?: CookieStoreLike }).cookieStore;
  store?.addEventListener('change', onChange);
  window.addEventListener('focus', onChange);
  const timer = window.setInterval(onChange, pollMs);
  return () => {
    store?.removeEventListener('change', onChange);
    window.removeEventListener('focus', onChange);
    window.clearInterval(timer);
  };
}

/** The value of one cookie, or null. */
export function readCookie(name: string): string | null {
  const prefix = `${name}=`;
  const found = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return found === undefined ? null : found.slice(prefix.length);
}

// Must match SIGNED_IN_MARKER in lib/server/auth.ts and VIEWER_REVISION_COOKIE in lib/services/viewer.ts (not
// imported: those modules are server-only).
export const SIGNED_IN_MARKER = 'quire-signed-in';
export const VIEWER_REVISION_COOKIE = 'quire-viewer-rev';
