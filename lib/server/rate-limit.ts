/**
 * Rate limits as pure policy: fixed windows counted per subject (an address, an email, an account).
 * The counters live in the database (db/queries/rate-limits.ts) so several servers share them.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type RateLimitPolicy = {
  /** Prefix of the counter's key: `${name}:${subject}`. */
  name: string;
  limit: number;
  windowMs: number;
  /** What the person is told when the limit is reached. */
  message: string;
};

// Per-address limits are generous: a school, an office or a mobile network can share one address
// (and the browser tests all come from 127.0.0.1). They stop floods, not a busy classroom.
export const rateLimitPolicies = {
  signUpPerAddress: {
    name: 'sign-up:address',
    limit: 100,
    windowMs: HOUR,
    message: 'Too many sign-ups from your network. Try again in an hour.',
  },
  // Each sign-up sends a mail to the address typed: a cap per address typed stops mail bombing.
  signUpPerEmail: {
    name: 'sign-up:email',
    limit: 3,
    windowMs: HOUR,
    message: 'We already sent several mails to this address. Look in your inbox, or try again in an hour.',
  },
  signInLinkPerAddress: {
    name: 'sign-in-link:address',
    limit: 100,
    windowMs: HOUR,
    message: 'Too many sign-in links asked for from your network. Try again in an hour.',
  },
  signInLinkPerEmail: {
    name: 'sign-in-link:email',
    limit: 5,
    windowMs: HOUR,
    message: 'We already sent several sign-in links to this address. Use the newest one, or try again in an hour.',
  },
  // Password resets: the per-email cap counts every address typed, with or without an account, and its
  // sentence says nothing about which it was.
  passwordResetPerEmail: {
    name: 'password-reset:email',
    limit: 3,
    windowMs: HOUR,
    message:
      'A new password was already asked for this address several times in the last hour. Use the newest link if one arrived, or try again in an hour.',
  },
  passwordResetPerAddress: {
    name: 'password-reset:address',
    limit: 30,
    windowMs: HOUR,
    message: 'Too many password resets asked for from your network. Try again in an hour.',
  },
  uploadPerAccount: {
    name: 'upload:account',
    limit: 120,
    windowMs: HOUR,
    message: 'You have uploaded many images in the last hour. Wait a while, then try again.',
  },
  importPerAccount: {
    name: 'import:account',
    limit: 30,
    windowMs: HOUR,
    message: 'You have started many imports in the last hour. Wait a while, then try again.',
  },
  // "Follow by email": each try sends a confirmation mail to the address typed.
  subscribePerAddress: {
    name: 'subscribe:address',
    limit: 30,
    windowMs: HOUR,
    message: 'Too many subscriptions asked for from your network. Try again in an hour.',
  },
  subscribePerEmail: {
    name: 'subscribe:email',
    limit: 3,
    windowMs: HOUR,
    message: 'We already sent several confirmation mails to this address. Use the newest one, or try again in an hour.',
  },
  // A visitor's comment kept until they sign in: a row each, cleared after an hour.
  pendingCommentPerAddress: {
    name: 'pending-comment:address',
    limit: 60,
    windowMs: HOUR,
    message: 'Many comments were written from your network without signing in. Sign in first, then comment.',
  },
  // Each search that misses the cache runs a full-text query; SEARCH_RATE_LIMIT overrides the limit.
  searchPerAddress: {
    name: 'search:address',
    limit: 60,
    windowMs: MINUTE,
    message: 'Too many searches from your address. Wait a minute and search again.',
  },
} satisfies Record<string, RateLimitPolicy>;

export type RateLimitCounter = { windowStart: Date; hits: number };

export type RateLimitDecision =
  { allowed: true; next: RateLimitCounter } | { allowed: false; retryAt: Date; message: string };

/** Whether one more hit fits in the current window, and the counter after it. */
export function rateLimitDecision(
  counter: RateLimitCounter | null,
  policy: RateLimitPolicy,
  now: Date,
): RateLimitDecision {
  if (!counter || now.getTime() - counter.windowStart.getTime() >= policy.windowMs) {
    return { allowed: true, next: { windowStart: now, hits: 1 } };
  }
  if (counter.hits >= policy.limit) {
    return {
      allowed: false,
      retryAt: new Date(counter.windowStart.getTime() + policy.windowMs),
      message: policy.message,
    };
  }
  return { allowed: true, next: { windowStart: counter.windowStart, hits: counter.hits + 1 } };
}

/** The counter's key: the subject is lower-cased so `Ada@x` and `ada@x` share one. */
export function rateLimitKey(policy: RateLimitPolicy, subject: string): string {
  return `${policy.name}:${subject.trim().toLowerCase()}`;
}

/** The limits on one sign-in link mail: per address typed and per network address. */
export function signInLinkLimits(email: string, address: string) {
  return [
    { policy: rateLimitPolicies.signInLinkPerEmail, subject: email },
    { policy: rateLimitPolicies.signInLinkPerAddress, subject: address },
  ];
}

/** The limits on one password-reset request: per address typed (account or not) and per network address. */
export function passwordResetLimits(email: string, address: string) {
  return [
    { policy: rateLimitPolicies.passwordResetPerEmail, subject: email },
    { policy: rateLimitPolicies.passwordResetPerAddress, subject: address },
  ];
}

/** The search limit with `perMinute` searches a minute per address (SEARCH_RATE_LIMIT); null when 0 turns it off. */
export function searchLimitPolicy(perMinute: number): RateLimitPolicy | null {
  return perMinute > 0 ? { ...rateLimitPolicies.searchPerAddress, limit: perMinute } : null;
}

/** The longest window of any policy: counters older than this can be deleted. */
export const LONGEST_WINDOW_MS = Math.max(...Object.values(rateLimitPolicies).map((policy) => policy.windowMs));
