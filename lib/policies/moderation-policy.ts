import { z } from 'zod';
import { formatDateTime } from './format';

// The graduated rules a new comment passes through, as one pure function of the comment, its
// author's standing and the blog's rules. The comment action asks it; tests pin every rule.

export const holdModes = ['none', 'first', 'all'] as const;

const wordList = z
  .array(z.string().trim().toLowerCase().min(1).max(100))
  .max(500)
  .transform((words) => [...new Set(words)]);

export const moderationRulesSchema = z.object({
  /** Hold every comment, only a user's comments until one is approved, or none. */
  holdMode: z.enum(holdModes),
  /** Hold a comment with more links than this. */
  maxLinks: z.number().int().min(0).max(100),
  holdWords: wordList,
  blockWords: wordList,
  blockEmailDomains: wordList,
  /** Hold comments on posts older than this many days; 0: never. */
  holdAfterDays: z.number().int().min(0).max(36_500),
  /** Close comments on posts older than this many days; 0: never. */
  closeAfterDays: z.number().int().min(0).max(36_500),
  /** Open reports from distinct readers that hide a comment until a moderator decides. */
  reportThreshold: z.number().int().min(1).max(100),
});

export type ModerationRules = z.infer<typeof moderationRulesSchema>;

export const defaultModerationRules: ModerationRules = {
  holdMode: 'none',
  maxLinks: 2,
  holdWords: [],
  blockWords: [],
  blockEmailDomains: [],
  holdAfterDays: 0,
  closeAfterDays: 0,
  reportThreshold: 3,
};

export type CommentCandidate = {
  body: string;
  authorEmail: string | null;
  /** The author moderates (moderator or admin): their comments are never held. */
  authorModerates: boolean;
  /** The author has at least one approved (visible) comment already. */
  authorHasApprovedComment: boolean;
  postPublishedAt: Date;
  now: Date;
};

export type HoldCode = 'all' | 'first' | 'links' | 'words' | 'old-post' | 'reports';
export type Judgement =
  { verdict: 'publish' } | { verdict: 'hold'; code: HoldCode; reason: string } | { verdict: 'reject'; reason: string };

const DAY_MS = 86_400_000;

/** How many web addresses a comment holds (bare, autolinked or in Markdown links). */
export function countLinks(body: string): number {
  return body.match(/\bhttps?:\/\/|\bwww\./gi)?.length ?? 0;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first listed word or phrase the text contains as whole words, case-insensitively. */
export function findListedWord(text: string, words: readonly string[]): string | null {
  const lower = text.toLowerCase();
  for (const word of words) {
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escape(word)}($|[^\\p{L}\\p{N}])`, 'u').test(lower)) return word;
  }
  return null;
}

function blockedDomain(email: string | null, domains: readonly string[]): boolean {
  const domain = email?.split('@')[1]?.toLowerCase();
  if (!domain) return false;
  return domains.some((blocked) => domain === blocked || domain.endsWith(`.${blocked}`));
}

export const holdReasons: Record<HoldCode, string> = {
  all: 'Every comment waits for approval on this blog.',
  first: 'A first comment waits for approval.',
  links: 'It has many links.',
  words: 'It contains a word on the hold list.',
  'old-post': 'Comments on older posts wait for approval.',
  reports: 'Readers reported it.',
};

/** publish, hold (with why) or reject (with a sentence for the commenter). */
export function judgeComment(candidate: CommentCandidate, rules: ModerationRules): Judgement {
  if (candidate.authorModerates) return { verdict: 'publish' };
  if (
    findListedWord(candidate.body, rules.blockWords) ||
    blockedDomain(candidate.authorEmail, rules.blockEmailDomains)
  ) {
    return { verdict: 'reject', reason: 'This comment cannot be posted here: it matches this blog’s block list.' };
  }
  const hold = (code: HoldCode): Judgement => ({ verdict: 'hold', code, reason: holdReasons[code] });
  if (rules.holdMode === 'all') return hold('all');
  if (rules.holdMode === 'first' && !candidate.authorHasApprovedComment) return hold('first');
  if (countLinks(candidate.body) > rules.maxLinks) return hold('links');
  if (findListedWord(candidate.body, rules.holdWords)) return hold('words');
  if (
    rules.holdAfterDays > 0 &&
    candidate.now.getTime() - candidate.postPublishedAt.getTime() > rules.holdAfterDays * DAY_MS
  ) {
    return hold('old-post');
  }
  return { verdict: 'publish' };
}

/** When a post's comments close by age (the "close after M days" rule), or null when they never do. */
export function commentsCloseAt(publishedAt: Date, rules: Pick<ModerationRules, 'closeAfterDays'>): Date | null {
  return rules.closeAfterDays > 0 ? new Date(publishedAt.getTime() + rules.closeAfterDays * DAY_MS) : null;
}

/**
 * The one "comments closed" rule: a post takes comments while its author left them open and it is
 * younger than the age rule (a draft being previewed counts as published now). The page, the
 * per-viewer state and the write path all ask this.
 */
export function commentsOpenNow(
  post: { commentsOpen: boolean; publishedAt: Date | null },
  now: Date,
  rules: Pick<ModerationRules, 'closeAfterDays'>,
): boolean {
  const closesAt = commentsCloseAt(post.publishedAt ?? now, rules);
  return post.commentsOpen && (closesAt === null || now < closesAt);
}

/** Whether open reports from this many distinct readers hide a comment. */
export function reportsHide(distinctReporters: number, rules: Pick<ModerationRules, 'reportThreshold'>): boolean {
  return distinctReporters >= rules.reportThreshold;
}

/** Accounts younger than this get the tighter comment limits. */
export const NEW_ACCOUNT_MS = DAY_MS;

export const banDurations = { '1d': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, permanent: null } as const;
export type BanDuration = keyof typeof banDurations;
/** How "permanently" is stored: a moment no one will reach. */
export const PERMANENT_BAN_UNTIL = new Date('9999-12-31T00:00:00Z');

/** When a ban of this length, given now, ends. */
export function banEnd(duration: BanDuration, now: Date): Date {
  const length = banDurations[duration];
  return length === null ? PERMANENT_BAN_UNTIL : new Date(now.getTime() + length);
}

export function isBanned(user: { bannedUntil: Date | null }, now: Date): boolean {
  return user.bannedUntil !== null && user.bannedUntil.getTime() > now.getTime();
}

/** What a banned person reads in place of the comment form, and when the server refuses them. */
export function banMessage(user: { bannedUntil: Date | null; banReason: string }): string {
  const until =
    user.bannedUntil && user.bannedUntil < PERMANENT_BAN_UNTIL
      ? `until ${formatDateTime(user.bannedUntil)}`
      : 'permanently';
  return `You are banned from commenting ${until}${user.banReason ? `. Reason: ${user.banReason}` : ''}.`;
}
