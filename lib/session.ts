import 'server-only';
import { cache } from 'react';
import { getUserById } from '@/db/queries/users';
import type { User } from '@/db/schema';
import { auth } from './auth';

export type CurrentUser = Pick<
  User,
  'id' | 'name' | 'handle' | 'email' | 'image' | 'role' | 'createdAt' | 'bannedUntil' | 'banReason'
>;

/**
 * The signed-in user, read from the database on every call: a deleted account or a changed role
 * takes effect on the very next request, whatever the session cookie still says. Read once per
 * request however many layouts, pages and actions ask.
 */
export const getCurrentUser = cache(async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = getUserById({ id });
  // A deleted account, or a session from before "sign out everywhere" or a password change.
  if (!user || user.sessionVersion !== session.sessionVersion) return null;
  const { id: userId, name, handle, email, image, role, createdAt, bannedUntil, banReason } = user;
  return { id: userId, name, handle, email, image, role, createdAt, bannedUntil, banReason };
});
