import { z } from 'zod';
import { slugPattern } from '../policies/slug';
import { MAX_LABELS } from './limits';

export { MAX_LABELS };

export const MAX_BODY_LENGTH = 200_000;

const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} can be at most ${max.toLocaleString('en')} characters.`)
    .transform((value) => value.trim());

/** An image address a post may show as its cover: one of our uploads, or an http(s) URL. */
const imageAddress = z
  .string()
  .trim()
  .max(500, 'The cover image address is too long.')
  .refine(
    (value) => value === '' || /^\/uploads\/[a-z0-9-]+\.webp$/.test(value) || /^https?:\/\/[^\s"'<>]+$/i.test(value),
    'The cover image must be an uploaded image or an http(s) address.',
  );

/**
 * Everything the editor edits, as one value: what autosave sends, what a revision keeps, what
 * "compare" and "restore" work on. Drafts may be untitled; publishing asks for a title.
 */
export const postDocumentSchema = z.object({
  title: text(200, 'The title'),
  markdown: z.string().max(MAX_BODY_LENGTH, 'The post is too long (200,000 characters at most).'),
  // Empty: made from the title while the post has never been published.
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(80, 'The slug can be at most 80 characters.')
    .refine((value) => value === '' || slugPattern.test(value), 'Use lower-case letters, digits and single hyphens.'),
  excerpt: text(500, 'The excerpt'),
  labels: z
    .array(z.string().trim().min(1).max(50, 'A label can be at most 50 characters.'))
    .max(MAX_LABELS, `A post can have at most ${MAX_LABELS} labels.`)
    .transform((labels) => [...new Map(labels.map((label) => [label.toLowerCase(), label])).values()]),
  coverImage: imageAddress,
  coverAlt: text(300, 'The cover description'),
  seoTitle: text(120, 'The SEO title'),
  seoDescription: text(300, 'The SEO description'),
  commentsOpen: z.boolean(),
});

export type PostDocument = z.infer<typeof postDocumentSchema>;

export const saveIntents = ['autosave', 'publish', 'update', 'schedule', 'unpublish'] as const;
export type SaveIntent = (typeof saveIntents)[number];

export const savePostInputSchema = z.object({
  postId: z.number().int().positive(),
  baseVersion: z.number().int().nonnegative(),
  sessionId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  intent: z.enum(saveIntents),
  // For "schedule": when the post goes live, as an ISO time.
  publishAt: z.iso.datetime({ offset: true }).optional(),
  // Set when the author chose to overwrite a newer copy after a conflict.
  overwrite: z.boolean().default(false),
  document: postDocumentSchema,
});

export type SavePostInput = z.input<typeof savePostInputSchema>;

/** Labels typed as "one, two, three". */
export function parseLabelList(value: string): string[] {
  return value
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);
}
