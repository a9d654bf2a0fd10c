'use server';

import { redirect } from 'next/navigation';
import { AuthError, CredentialsSignin } from 'next-auth';
import { hitRateLimits } from '@/db/queries/rate-limits';
import { configuredOAuthProviders, signIn } from '@/lib/auth';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import { signInLinkLimits } from '@/lib/rate-limit';
import { safeReturnTo } from '@/lib/return-to';
import { getClientAddress } from '@/lib/session';
import { emailLinkSchema, signInSchema } from '@/lib/validations/auth';
import { logger } from '@/lib/logger';

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['email']);
  const parsed = signInSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  try {
    await signIn('credentials', {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeReturnTo(formData.get('returnTo')),
    });
  } catch (error) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are answers for the form.
    if (!(error instanceof AuthError)) throw error;
    if (error instanceof CredentialsSignin && error.code === 'locked') {
      return {
        message: 'Too many failed sign-ins for this account or network. Wait 15 minutes, then try again.',
        values,
      };
    }
    // The same sentence for an unknown email and a wrong password: no hint which accounts exist.
    return { message: 'That email and password do not match an account.', values };
  }
  return { values };
}

/** Sends a one-time sign-in link (creating a reader account for a new address once it is used). */
export async function emailLinkAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['linkEmail']);
  const parsed = emailLinkSchema.safeParse({ linkEmail: formData.get('linkEmail') });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  // Each request mails the address typed: limited per address typed and per network address.
  const limit = hitRateLimits(signInLinkLimits(parsed.data.linkEmail, await getClientAddress()));
  if (!limit.allowed) return { message: limit.message, values };
  try {
    await signIn('nodemailer', {
      email: parsed.data.linkEmail,
      redirectTo: safeReturnTo(formData.get('returnTo')),
      redirect: false,
    });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    logger.error(`A sign-in link could not be sent: ${error.message}`);
    return { message: 'The sign-in link could not be sent just now. Try again in a moment.', values };
  }
  redirect('/signin/check-email');
}

/** Starts an OAuth / OpenID Connect sign-in with one of the configured providers. */
export async function oauthSignInAction(formData: FormData): Promise<void> {
  const provider = String(formData.get('provider') ?? '');
  if (!configuredOAuthProviders().some((configured) => configured.id === provider)) redirect('/signin');
  await signIn(provider, { redirectTo: safeReturnTo(formData.get('returnTo')) });
}
