import type { Role } from '@/db/schema';

// Who may do what, in one place. Every page and action asks these on the server.

type Actor = { id: string; role: Role } | null;

/** Writes posts: authors their own, admins everyone's. */
export function canWrite(user: Actor): boolean {
  return user?.role === 'author' || user?.role === 'admin';
}

/** Opens, saves, previews, publishes or trashes this post. */
export function canEditPost(user: Actor, post: { authorId: string }): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  return user.role === 'author' && post.authorId === user.id;
}

/** Sees every author's posts on the dashboard, empties the trash, changes site settings. */
export function isAdmin(user: Actor): boolean {
  return user?.role === 'admin';
}

/** Removes, restores and approves comments, works the queue, bans commenters. */
export function canModerate(user: Actor): boolean {
  return user?.role === 'moderator' || user?.role === 'admin';
}

/** Edits the site's header menu (its order, labels and links). */
export function canEditMenu(user: Actor): boolean {
  return isAdmin(user);
}
