'use server';

import { redirect } from 'next/navigation';
import { AuthError, CredentialsSignin } from 'next-auth';
import { z } from 'zod';
import { hitRateLimits } from '@/lib/services/rate-limits';
import { configuredOAuthProviders, signIn } from '@/lib/server/auth';
import { formAction, postAction } from '@/lib/server/action';
import { signInLinkLimits } from '@/lib/server/rate-limit';
import { safeReturnTo } from '@/lib/policies/return-to';
import { getClientAddress } from '@/lib/server/session';
import { emailLinkSchema, signInSchema } from '@/lib/validations/auth';
import { logger } from '@/lib/server/logger';

export const signInAction = formAction({
  schema: signInSchema,
  keep: ['email'],
  who: 'anyone',
  run: async ({ data, formData }) => {
    try {
      await signIn('credentials', {
        email: data.email,
        password: data.password,
        redirectTo: safeReturnTo(formData.get('returnTo')),
      });
    } catch (error) {
      // A successful sign-in "throws" Next's redirect; only Auth.js errors are answers for the form.
      if (!(error instanceof AuthError)) throw error;
      if (error instanceof CredentialsSignin && error.code === 'locked') {
        return {
          ok: false,
          message: 'Too many failed sign-ins for this account or network. Wait 15 minutes, then try again.',
        };
      }
      // The same sentence for an unknown email and a wrong password: no hint which accounts exist.
      return { ok: false, message: 'That email and password do not match an account.' };
    }
  },
});

/** Sends a one-time sign-in link (creating a reader account for a new address once it is used). */
export const emailLinkAction = formAction({
  schema: emailLinkSchema,
  keep: ['linkEmail'],
  who: 'anyone',
  run: async ({ data, formData }) => {
    // Each request mails the address typed: limited per address typed and per network address.
    const limit = await hitRateLimits(signInLinkLimits(data.linkEmail, await getClientAddress()));
    if (!limit.allowed) return { ok: false, message: limit.message };
    try {
      await signIn('nodemailer', {
        email: data.linkEmail,
        redirectTo: safeReturnTo(formData.get('returnTo')),
        redirect: false,
      });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      logger.error(`A sign-in link could not be sent: ${error.message}`);
      return { ok: false, message: 'The sign-in link could not be sent just now. Try again in a moment.' };
    }
    redirect('/signin/check-email');
  },
});

/** Starts an OAuth / OpenID Connect sign-in with one of the configured providers. */
export const oauthSignInAction = postAction({
  schema: z.object({ provider: z.string().max(50) }),
  who: 'anyone',
  fallback: '/signin',
  run: async ({ data, formData }) => {
    // Only a hand-made request names a provider that is not set up: back to the sign-in page.
    if (!configuredOAuthProviders().some((configured) => configured.id === data.provider)) redirect('/signin');
    await signIn(data.provider, { redirectTo: safeReturnTo(formData.get('returnTo')) });
  },
});
