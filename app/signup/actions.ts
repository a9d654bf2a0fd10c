'use server';

import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import { getPendingSignUp } from '@/db/queries/pending-sign-ups';
import { hitRateLimits } from '@/db/queries/rate-limits';
import { signIn } from '@/lib/auth';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import { sendMail } from '@/lib/mailer';
import { rateLimitPolicies } from '@/lib/rate-limit';
import { safeReturnTo } from '@/lib/return-to';
import { getClientAddress } from '@/lib/session';
import { hashSignUpToken, startSignUp } from '@/lib/sign-up';
import { signUpSchema } from '@/lib/validations/auth';
import { logger } from '@/lib/logger';

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['name', 'email']);
  const parsed = signUpSchema.safeParse({
    name: formData.get('name'),
    email: formData.get('email'),
    password: formData.get('password'),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const limit = hitRateLimits([
    { policy: rateLimitPolicies.signUpPerAddress, subject: await getClientAddress() },
    { policy: rateLimitPolicies.signUpPerEmail, subject: parsed.data.email },
  ]);
  if (!limit.allowed) return { message: limit.message, values };
  // The same answer whether or not the address has an account: the mail says which it was.
  const mail = await startSignUp({ ...parsed.data, returnTo: safeReturnTo(formData.get('returnTo')) });
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
}

const tokenSchema = z.string().min(20).max(200);
const EXPIRED = 'This link has expired or was already used. Sign up again to get a new one.';

/** The confirmation link's button: creates the account and signs its owner in. */
export async function confirmSignUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const token = tokenSchema.safeParse(formData.get('token'));
  if (!token.success) return { message: EXPIRED };
  const pending = getPendingSignUp({ tokenHash: hashSignUpToken(token.data) });
  if (!pending) return { message: EXPIRED };
  try {
    await signIn('sign-up', { token: token.data, redirectTo: safeReturnTo(pending.returnTo) });
  } catch (error) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are answers for the form.
    if (!(error instanceof AuthError)) throw error;
    return { message: EXPIRED };
  }
  return {};
}
