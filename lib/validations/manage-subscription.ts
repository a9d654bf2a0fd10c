import { z } from 'zod';

// The fields of an emailed /subscriptions link (lib/services/subscriptions.ts), shared by the page and
// its buttons.
export const manageSubscriptionLinkSchema = z.object({
  email: z.string().min(3).max(254),
  t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});
