'use server';

import { updateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { z } from 'zod';
import {
  deleteOwnAccount,
  endAllSessions,
  getUserById,
  setPassword,
  updateProfile,
  setNotificationPreferences,
} from '@/db/queries/users';
import { hitRateLimits } from '@/lib/services/rate-limits';
import { deleteSessionsOfUser } from '@/db/queries/sessions';
import { removeSubscriberByEmail } from '@/db/queries/subscriptions';
import { signIn, signOut } from '@/lib/server/auth';
import { formAction, postAction } from '@/lib/server/action';
import { cacheTags } from '@/lib/policies/cache-tags';
import { hashPassword, verifyPassword } from '@/lib/server/passwords';
import { canModerate, canWrite } from '@/lib/policies/permissions';
import { rateLimitPolicies } from '@/lib/server/rate-limit';
import { deliver } from '@/lib/services/notifications';
import { subscribeAccount } from '@/lib/services/subscriptions';
import { deleteAccountSchema, passwordChangeSchema, profileSchema } from '@/lib/validations/account';

// Names, handles and avatars appear on cached pages (comments, bylines, author pages).
function refreshPagesShowingPeople() {
  updateTag(cacheTags.allPosts);
  updateTag(cacheTags.postLists);
}

export const updateProfileAction = formAction({
  schema: profileSchema,
  keep: ['name', 'handle', 'bio', 'image'],
  who: 'signed-in',
  run: async ({ data, user }) => {
    if ((await updateProfile({ userId: user.id, ...data, image: data.image || null })) === 'taken') {
      return { ok: false, errors: { handle: 'Someone else has that handle; choose another.' } };
    }
    refreshPagesShowingPeople();
    return { ok: true, message: 'Your profile is saved.', values: { ...data } };
  },
});

/** The account, when this is its password (an account without one never matches). */
async function accountWithPassword(userId: string, password: string) {
  const account = await getUserById({ id: userId });
  return account?.passwordHash && (await verifyPassword(account.passwordHash, password)) ? account : null;
}

export const changePasswordAction = formAction({
  schema: passwordChangeSchema,
  who: 'signed-in',
  run: async ({ data, user }) => {
    const account = await accountWithPassword(user.id, data.currentPassword);
    if (!account) return { ok: false, errors: { currentPassword: 'That is not your current password.' } };
    // Every other session ends; this browser signs in again with the new password.
    await setPassword({ userId: user.id, passwordHash: await hashPassword(data.newPassword) });
    await deleteSessionsOfUser({ userId: user.id });
    await signIn('credentials', {
      email: account.email,
      password: data.newPassword,
      redirectTo: '/account?saved=password',
    });
  },
});

export const signOutEverywhereAction = postAction({
  schema: z.object({}),
  who: 'signed-in',
  fallback: '/account',
  run: async ({ user }) => {
    await endAllSessions({ userId: user.id });
    await deleteSessionsOfUser({ userId: user.id });
    await signOut({ redirectTo: '/signin?returnTo=%2Faccount' });
  },
});

export const deleteAccountAction = formAction({
  schema: deleteAccountSchema,
  who: 'signed-in',
  run: async ({ data, user }) => {
    if (!(await accountWithPassword(user.id, data.password))) {
      return { ok: false, errors: { password: 'That is not your password.' } };
    }
    const deleted = await deleteOwnAccount({ userId: user.id });
    if (deleted !== 'deleted') {
      return {
        ok: false,
        message:
          deleted === 'last-admin'
            ? 'You are the only admin. Make someone else an admin before deleting your account.'
            : 'You have written posts. Ask an admin to move or remove them before deleting your account.',
      };
    }
    refreshPagesShowingPeople();
    await signOut({ redirect: false });
    redirect('/?account=deleted');
  },
});

const checkbox = z.literal('on').optional().catch(undefined);

/** Which emails about comments this reader wants. A plain form: works without JavaScript. */
export const saveEmailPreferencesAction = postAction({
  schema: z.object({ notifyReplies: checkbox, notifyQueue: checkbox, notifyPostComments: checkbox }),
  who: 'signed-in',
  fallback: '/account',
  run: async ({ data, user }) => {
    await setNotificationPreferences({
      userId: user.id,
      notifyReplies: data.notifyReplies === 'on',
      notifyQueue: canModerate(user) ? data.notifyQueue === 'on' : undefined,
      notifyPostComments: canWrite(user) ? data.notifyPostComments === 'on' : undefined,
    });
    redirect('/account?saved=email');
  },
});

/** "Email me new posts" from the account: at once for a verified address, else by a confirmation link. */
export const subscribeAccountAction = postAction({
  schema: z.object({}),
  who: 'signed-in',
  fallback: '/account',
  run: async ({ user }) => {
    const account = await getUserById({ id: user.id });
    const result = account ? await subscribeAccount(account) : 'no-address';
    if (result === 'no-address') return { ok: false, message: 'Your account has no email address to send posts to.' };
    if (result !== 'subscribed') {
      const limit = await hitRateLimits([{ policy: rateLimitPolicies.subscribePerEmail, subject: result.confirm.to }]);
      if (!limit.allowed) return { ok: false, message: limit.message };
      after(() => deliver(result.confirm));
      redirect('/account?saved=posts-confirm');
    }
    redirect('/account?saved=posts');
  },
});

export const unsubscribeAccountAction = postAction({
  schema: z.object({}),
  who: 'signed-in',
  fallback: '/account',
  run: async ({ user }) => {
    if (user.email) await removeSubscriberByEmail({ email: user.email });
    redirect('/account?saved=posts-off');
  },
});
