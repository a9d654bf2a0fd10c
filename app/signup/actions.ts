'use server';

import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import { getPendingSignUp } from '@/db/queries/pending-sign-ups';
import { hitRateLimits } from '@/lib/services/rate-limits';
import { signIn } from '@/lib/server/auth';
import { formAction } from '@/lib/server/action';
import { sendMail } from '@/lib/server/mailer';
import { rateLimitPolicies } from '@/lib/server/rate-limit';
import { safeReturnTo } from '@/lib/policies/return-to';
import { getClientAddress } from '@/lib/server/session';
import { hashSignUpToken, startSignUp } from '@/lib/services/sign-up';
import { signUpSchema } from '@/lib/validations/auth';
import { logger } from '@/lib/server/logger';

export const signUpAction = formAction({
  schema: signUpSchema,
  keep: ['name', 'email'],
  who: 'anyone',
  run: async ({ data, formData }) => {
    const limit = await hitRateLimits([
      { policy: rateLimitPolicies.signUpPerAddress, subject: await getClientAddress() },
      { policy: rateLimitPolicies.signUpPerEmail, subject: data.email },
    ]);
    if (!limit.allowed) return { ok: false, message: limit.message };
    // The same answer whether or not the address has an account: the mail says which it was.
    const mail = await startSignUp({ ...data, returnTo: safeReturnTo(formData.get('returnTo')) });
    after(async () => {
      try {
        const delivery = await sendMail(mail);
        if (delivery.via === 'outbox')
          logger.info({ to: mail.to, file: delivery.file }, 'Sign-up mail written to the outbox.');
      } catch (error) {
        logger.error({ to: mail.to }, `A sign-up mail could not be sent: ${(error as Error).message}`);
      }
    });
    redirect('/signup/check-email');
  },
});

const EXPIRED = 'This link has expired or was already used. Sign up again to get a new one.';

/** The confirmation link's button: creates the account and signs its owner in. */
export const confirmSignUpAction = formAction({
  schema: z.object({ token: z.string().min(20).max(200) }),
  invalid: EXPIRED,
  who: 'anyone',
  run: async ({ data }) => {
    const pending = await getPendingSignUp({ tokenHash: hashSignUpToken(data.token) });
    if (!pending) return { ok: false, message: EXPIRED };
    try {
      await signIn('sign-up', { token: data.token, redirectTo: safeReturnTo(pending.returnTo) });
    } catch (error) {
      // A successful sign-in "throws" Next's redirect; only Auth.js errors are answers for the form.
      if (!(error instanceof AuthError)) throw error;
      return { ok: false, message: EXPIRED };
    }
  },
});
