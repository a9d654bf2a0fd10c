import { z } from 'zod';
import { COMMENT_MAX_LENGTH, EDIT_WINDOW_MS, REPORT_DETAILS_MAX_LENGTH } from '../validations/limits';

export { COMMENT_MAX_LENGTH, EDIT_WINDOW_MS, REPORT_DETAILS_MAX_LENGTH };
export const COMMENTS_PER_MINUTE = 5;
export const COMMENTS_PER_DAY = 100;
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export const commentSchema = z.object({
  postId: z.coerce.number().int().positive(),
  parentId: z
    .union([z.literal(''), z.coerce.number().int().positive()])
    .optional()
    .transform((value) => (typeof value === 'number' ? value : null)),
  body: z
    .string()
    .transform((value) => value.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, 'Write something before posting.')
        .max(COMMENT_MAX_LENGTH, `Keep your comment under ${COMMENT_MAX_LENGTH.toLocaleString('en')} characters.`),
    ),
});

/** Accounts younger than a day have tighter limits: the usual shape of a spam run. */
export const NEW_ACCOUNT_COMMENTS_PER_MINUTE = 2;
export const NEW_ACCOUNT_COMMENTS_PER_DAY = 10;

export type CommentLimitsInput = { lastMinute: number; lastDay: number; duplicate: boolean; newAccount?: boolean };

/** Why a comment may not be posted now, as a sentence for the form; null when it may. */
export function commentLimitMessage({ lastMinute, lastDay, duplicate, newAccount }: CommentLimitsInput): string | null {
  const perMinute = newAccount ? NEW_ACCOUNT_COMMENTS_PER_MINUTE : COMMENTS_PER_MINUTE;
  const perDay = newAccount ? NEW_ACCOUNT_COMMENTS_PER_DAY : COMMENTS_PER_DAY;
  if (duplicate) return 'You posted this same comment a few minutes ago.';
  if (lastMinute >= perMinute) return 'You are commenting very quickly. Wait a minute, then post again.';
  if (lastDay >= perDay) {
    return newAccount
      ? `New accounts can post ${perDay} comments on their first day. Try again tomorrow.`
      : `You have posted ${perDay} comments today, the daily limit. Try again tomorrow.`;
  }
  return null;
}

type CommentOwnership = { authorId: string | null; status: string; createdAt: Date };

export function canEditComment(userId: string | null, comment: CommentOwnership, now: Date): boolean {
  return (
    userId !== null &&
    comment.authorId === userId &&
    comment.status === 'visible' &&
    now.getTime() - comment.createdAt.getTime() < EDIT_WINDOW_MS
  );
}

export function canDeleteComment(userId: string | null, comment: CommentOwnership): boolean {
  return userId !== null && comment.authorId === userId && comment.status === 'visible';
}

export const commentIdSchema = z.object({ commentId: z.coerce.number().int().positive() });

export const editCommentSchema = commentIdSchema.extend({ body: commentSchema.shape.body });

export const reportCommentSchema = commentIdSchema
  .extend({
    reason: z.enum(['spam', 'abuse', 'off-topic', 'other'], { message: 'Choose a reason.' }),
    details: z
      .string()
      .trim()
      .max(
        REPORT_DETAILS_MAX_LENGTH,
        `Keep the details under ${REPORT_DETAILS_MAX_LENGTH.toLocaleString('en')} characters.`,
      )
      .default(''),
  })
  .refine((report) => report.reason !== 'other' || report.details.length > 0, {
    path: ['details'],
    message: 'Say what is wrong with this comment.',
  });
