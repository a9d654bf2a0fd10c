import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { canModerate, canWrite, isAdmin } from '../policies/permissions';
import { getCurrentUser, type CurrentUser } from './session';

/** For authoring pages: visitors go to sign in (and come back), readers and moderators get a 403. */
export async function requireWriter(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?returnTo=${encodeURIComponent(returnTo)}`);
  if (!canWrite(user)) forbidden();
  return user;
}

/** For admin pages: as above, and only admins get through. */
export async function requireAdmin(returnTo: string): Promise<CurrentUser> {
  const user = await requireWriter(returnTo);
  if (!isAdmin(user)) forbidden();
  return user;
}

/** For moderation pages: moderators and admins; visitors sign in, everyone else gets a 403. */
export async function requireModerator(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?returnTo=${encodeURIComponent(returnTo)}`);
  if (!canModerate(user)) forbidden();
  return user;
}
