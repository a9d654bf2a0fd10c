'use server';

import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { z } from 'zod';
import { completePasswordReset, getPasswordReset } from '@/db/queries/password-resets';
import { hitRateLimits } from '@/lib/services/rate-limits';
import { clearSignInFailures } from '@/db/queries/sign-in-throttle';
import { formAction } from '@/lib/server/action';
import { fieldErrors } from '@/lib/policies/form-state';
import { logger } from '@/lib/server/logger';
import { sendMail } from '@/lib/server/mailer';
import { hashPasswordResetToken, startPasswordReset } from '@/lib/services/password-reset';
import { hashPassword } from '@/lib/server/passwords';
import { passwordResetLimits } from '@/lib/server/rate-limit';
import { safeReturnTo } from '@/lib/policies/return-to';
import { getClientAddress } from '@/lib/server/session';
import { newPasswordSchema, signInSchema } from '@/lib/validations/auth';

const requestSchema = z.object({ email: signInSchema.shape.email });
const newPasswordFormSchema = z.object({ password: newPasswordSchema });

const EXPIRED = 'This link has expired or was already used.';

function withReturnTo(path: string, returnTo: string): string {
  if (returnTo === '/') return path;
  return `${path}${path.includes('?') ? '&' : '?'}returnTo=${encodeURIComponent(returnTo)}`;
}

/** "Forgot your password?": mails a one-time link to the account using the address, if there is one. */
export const requestPasswordResetAction = formAction({
  schema: requestSchema,
  keep: ['email'],
  who: 'anyone',
  run: async ({ data, formData }) => {
    // Counted for every address typed, with an account or not: the refusal must not tell which.
    const limit = await hitRateLimits(passwordResetLimits(data.email, await getClientAddress()));
    if (!limit.allowed) return { ok: false, message: limit.message };
    const returnTo = safeReturnTo(formData.get('returnTo'));
    // Looking the account up, making the link and mailing it all happen after the answer is sent, so
    // the answer takes the same time whether or not an account uses the address.
    after(async () => {
      try {
        const mail = await startPasswordReset({ email: data.email, returnTo });
        if (!mail) return;
        const delivery = await sendMail(mail);
        if (delivery.via === 'outbox')
          logger.info({ to: mail.to, file: delivery.file }, 'Password-reset mail written to the outbox.');
      } catch (error) {
        logger.error(`A password-reset mail could not be sent: ${(error as Error).message}`);
      }
    });
    redirect(withReturnTo('/signin/reset/sent', returnTo));
  },
});

/** The reset link's form: sets the new password, ends every session, then sends its owner to sign in. */
export const confirmPasswordResetAction = formAction({
  schema: z.object({ token: z.string().max(200), password: z.unknown() }),
  invalid: EXPIRED,
  who: 'anyone',
  run: async ({ data, formData }) => {
    const tokenHash = data.token.length >= 20 ? hashPasswordResetToken(data.token) : null;
    // The link first: a password error on a dead link would only send its owner round in circles.
    if (!tokenHash || !(await getPasswordReset({ tokenHash }))) return { ok: false, message: EXPIRED };
    const parsed = newPasswordFormSchema.safeParse({ password: data.password });
    if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
    const user = await completePasswordReset({ tokenHash, passwordHash: await hashPassword(parsed.data.password) });
    if (!user) return { ok: false, message: EXPIRED };
    // A lock left by someone guessing the old password would keep the owner out of the new one too.
    if (user.email) await clearSignInFailures([`email:${user.email}`]);
    redirect(withReturnTo('/signin?notice=password-changed', safeReturnTo(formData.get('returnTo'))));
  },
});
