import { z } from 'zod';

// The fields of an emailed unsubscribe link (lib/services/notifications.ts), shared by the page, its
// button and the one-click route.
export const unsubscribeLinkSchema = z.object({
  u: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  k: z.enum(['replies', 'queue', 'post-comments', 'follow', 'posts']),
  p: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

export type UnsubscribeFields = z.output<typeof unsubscribeLinkSchema>;
