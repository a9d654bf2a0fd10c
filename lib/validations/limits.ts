// Limits the browser shows as hints, kept apart from the zod schemas that enforce them: a client
// component importing a schema module would ship zod, whose eval probe (`Function("")`) the
// Content-Security-Policy reports as a violation on every page that loads it.

export const PASSWORD_MIN_LENGTH = 10;
export const MAX_LABELS = 20;
