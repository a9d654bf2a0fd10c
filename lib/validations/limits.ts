// Limits the browser shows as hints, kept apart from the zod schemas that enforce them: a client
// component importing a schema module would ship zod, whose eval probe (`Function("")`) the
// Content-Security-Policy reports as a violation on every page that loads it.

export const PASSWORD_MIN_LENGTH = 10;
export const MAX_LABELS = 20;
export const COMMENT_MAX_LENGTH = 5000;
export const REPORT_DETAILS_MAX_LENGTH = 1000;
/** Authors may edit their comment for this long after posting it. */
export const EDIT_WINDOW_MS = 15 * 60_000;
