'use server';

import { updateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  countPostsByAuthor,
  deleteUser,
  endAllSessions,
  getUserById,
  isHandleTakenByOther,
  setPassword,
  updateProfile,
  setNotificationPreferences,
} from '@/db/queries/users';
import { deleteSessionsOfUser } from '@/db/queries/sessions';
import { signIn, signOut } from '@/lib/auth';
import { cacheTags } from '@/lib/cache-tags';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import { hashPassword, verifyPassword } from '@/lib/passwords';
import { canModerate } from '@/lib/permissions';
import { getCurrentUser } from '@/lib/session';
import { deleteAccountSchema, passwordChangeSchema, profileSchema } from '@/lib/validations/account';

// Names, handles and avatars appear on cached pages (comments, bylines, author pages).
function refreshPagesShowingPeople() {
  updateTag(cacheTags.allPosts);
  updateTag(cacheTags.postLists);
}

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['name', 'handle', 'bio', 'image']);
  const user = await getCurrentUser();
  if (!user) return { message: 'Your session has ended. Sign in again.', values };
  const parsed = profileSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  if (isHandleTakenByOther({ handle: parsed.data.handle, userId: user.id })) {
    return { errors: { handle: 'Someone else has that handle; choose another.' }, values };
  }
  updateProfile({ userId: user.id, ...parsed.data, image: parsed.data.image || null });
  refreshPagesShowingPeople();
  return { message: 'Your profile is saved.', values: { ...parsed.data } };
}

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return { message: 'Your session has ended. Sign in again.' };
  const parsed = passwordChangeSchema.safeParse({
    currentPassword: formData.get('currentPassword'),
    newPassword: formData.get('newPassword'),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const account = getUserById({ id: user.id });
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, parsed.data.currentPassword))) {
    return { errors: { currentPassword: 'That is not your current password.' } };
  }
  // Every other session ends; this browser signs in again with the new password.
  setPassword({ userId: user.id, passwordHash: await hashPassword(parsed.data.newPassword) });
  deleteSessionsOfUser({ userId: user.id });
  await signIn('credentials', {
    email: account.email,
    password: parsed.data.newPassword,
    redirectTo: '/account?saved=password',
  });
  return {};
}

export async function signOutEverywhereAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) {
    endAllSessions({ userId: user.id });
    deleteSessionsOfUser({ userId: user.id });
  }
  await signOut({ redirectTo: '/signin?returnTo=%2Faccount' });
}

export async function deleteAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return { message: 'Your session has ended. Sign in again.' };
  const parsed = deleteAccountSchema.safeParse({ password: formData.get('password') });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const account = getUserById({ id: user.id });
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, parsed.data.password))) {
    return { errors: { password: 'That is not your password.' } };
  }
  if (countPostsByAuthor({ userId: user.id }) > 0) {
    return { message: 'You have written posts. Ask an admin to move or remove them before deleting your account.' };
  }
  deleteUser({ userId: user.id });
  refreshPagesShowingPeople();
  await signOut({ redirect: false });
  redirect('/?account=deleted');
}

/** Which emails about comments this reader wants. A plain form: works without JavaScript. */
export async function saveEmailPreferencesAction(formData: FormData): Promise<void> {
  const user = await getCurrentUser();
  if (!user) redirect('/signin?returnTo=%2Faccount');
  setNotificationPreferences({
    userId: user.id,
    notifyReplies: formData.get('notifyReplies') === 'on',
    notifyQueue: canModerate(user) ? formData.get('notifyQueue') === 'on' : undefined,
  });
  redirect('/account?saved=email');
}
