import { z } from 'zod';

export const COMMENT_MAX_LENGTH = 5000;
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

export type CommentLimitsInput = { lastMinute: number; lastDay: number; duplicate: boolean };

/** Why a comment may not be posted now, as a sentence for the form; null when it may. */
export function commentLimitMessage({ lastMinute, lastDay, duplicate }: CommentLimitsInput): string | null {
  if (duplicate) return 'You posted this same comment a few minutes ago.';
  if (lastMinute >= COMMENTS_PER_MINUTE) return 'You are commenting very quickly. Wait a minute, then post again.';
  if (lastDay >= COMMENTS_PER_DAY)
    return `You have posted ${COMMENTS_PER_DAY} comments today, the daily limit. Try again tomorrow.`;
  return null;
}
