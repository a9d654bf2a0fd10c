// What the comment form's route handler (app/api/posts/[id]/comments) answers, and where a refused
// comment goes back to without JavaScript. Pure functions: unit-tested without a server.

/** Posted (or sent to sign in first): where to go. Refused: the sentence, and field errors if any. */
export type CommentFormAnswer = { location: string } | { message: string; errors?: Record<string, string> };

const BASE = 'http://quire.invalid';
// A post's page, or one of its pages of comments (`/posts/<slug>/comments/2`, `/comments/newest/3`).
const POST_PAGE = /^\/posts\/[^/]+(?:\/comments\/[^/]+(?:\/[^/]+)?)?$/;

/**
 * The page a refused comment goes back to without JavaScript: the page of comments it was written on
 * (the form's `here` field, trusted only as one of this site's post pages), with the sentence in
 * `?problem=` and, for a reply, its form opened again. Null when `here` is not a post's page.
 */
export function commentFormAddress(here: string, parentId: number | null, message: string): string | null {
  let url: URL;
  try {
    url = new URL(here, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE || !POST_PAGE.test(url.pathname)) return null;
  const search = new URLSearchParams();
  if (parentId !== null) search.set('reply', String(parentId));
  search.set('problem', message.slice(0, 300));
  return `${url.pathname}?${search}#${parentId === null ? 'new-comment' : `comment-${parentId}`}`;
}

/**
 * A Location header's value: an address of this site with every character outside ASCII
 * percent-encoded (slugs may hold any script's letters; headers carry bytes), escapes kept as they are.
 */
export function locationHeader(address: string): string {
  const url = new URL(address, BASE);
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : '/';
}
