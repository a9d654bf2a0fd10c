'use server';

import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { z } from 'zod';
import { hitRateLimits } from '@/lib/services/rate-limits';
import { postAction } from '@/lib/server/action';
import { logger } from '@/lib/server/logger';
import { sendMail } from '@/lib/server/mailer';
import { rateLimitPolicies } from '@/lib/server/rate-limit';
import { getClientAddress } from '@/lib/server/session';
import { confirmSubscription, manageSubscriptionPath, subscribeConfirmMail } from '@/lib/services/subscriptions';
import { emailAddressSchema } from '@/lib/validations/auth';

// "Follow by email" forms. Plain forms that work without JavaScript: each goes to /subscribe with
// its sentence. The answer to the subscribe form never depends on whether the address is subscribed.

const CHECK_INBOX =
  'Check your inbox: we sent a link to confirm the subscription. Nothing else is sent until you open it.';

export const subscribeAction = postAction({
  schema: z.object({ email: emailAddressSchema }),
  invalid: 'Enter an email address like name@example.com.',
  who: 'anyone',
  fallback: '/subscribe',
  run: async ({ data }) => {
    const limit = await hitRateLimits([
      { policy: rateLimitPolicies.subscribePerAddress, subject: await getClientAddress() },
      { policy: rateLimitPolicies.subscribePerEmail, subject: data.email },
    ]);
    if (!limit.allowed) return { ok: false, message: limit.message };
    const mail = await subscribeConfirmMail(data.email);
    // After the answer: a slow mail server must not make the page slower (or tell anything by its pace).
    after(async () => {
      try {
        await sendMail(mail);
      } catch (error) {
        logger.error(`A subscription confirmation could not be sent: ${(error as Error).message}`);
      }
    });
    return { ok: true, message: CHECK_INBOX };
  },
});

const EXPIRED = 'This confirmation link has expired or was changed. Subscribe again to get a new one.';

/** The confirmation link's button (opening the link only shows it: mail scanners fetch every link). */
export const confirmSubscriptionAction = postAction({
  schema: z.object({
    email: emailAddressSchema,
    expires: z.coerce.number().int().positive(),
    token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
  }),
  invalid: EXPIRED,
  who: 'anyone',
  fallback: '/subscribe',
  run: async ({ data }) => {
    if (!(await confirmSubscription(data))) return { ok: false, message: EXPIRED };
    // Done: the subscriber's own page, whose address (signed) is their link to unsubscribe later.
    const notice = new URLSearchParams({ notice: `You are subscribed: new posts will be emailed to ${data.email}.` });
    redirect(`${manageSubscriptionPath(data.email)}&${notice.toString()}`);
  },
});
