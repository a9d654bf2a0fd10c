import 'server-only';
import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { comments, posts, users, type Role, type User } from '../schema';
import { isPublished, type Transaction } from './posts';

export type PublicAuthor = Pick<User, 'id' | 'name' | 'handle' | 'bio' | 'image'>;

export function getAuthorByHandle({ handle }: { handle: string }): PublicAuthor | null {
  return (
    getDb()
      .select({ id: users.id, name: users.name, handle: users.handle, bio: users.bio, image: users.image })
      .from(users)
      .where(eq(users.handle, handle))
      .get() ?? null
  );
}

/** Authors with at least one published post (for the sitemap). */
export function listPublishedAuthors(): { handle: string; postCount: number }[] {
  return getDb()
    .select({ handle: users.handle, postCount: count() })
    .from(users)
    .innerJoin(posts, eq(posts.authorId, users.id))
    .where(isPublished)
    .groupBy(users.id)
    .orderBy(asc(users.handle))
    .all();
}

export function getUserById({ id }: { id: string }): User | null {
  return getDb().select().from(users).where(eq(users.id, id)).get() ?? null;
}

export function getUserByEmail({ email }: { email: string }): User | null {
  return getDb().select().from(users).where(eq(users.email, email.toLowerCase())).get() ?? null;
}

export function isHandleTaken(handle: string): boolean {
  return getDb().select({ id: users.id }).from(users).where(eq(users.handle, handle)).get() !== undefined;
}

/**
 * lib's rule for a new account's handle (see lib/services/users.ts), given the account's name and
 * email; storage only says which handles are taken, read on the caller's connection and transaction.
 */
export type HandleChooser = (account: { name: string; email: string }, isTaken: (handle: string) => boolean) => string;

export type NewUserInput = {
  email: string;
  name: string;
  role: Role;
  passwordHash?: string | null;
  handle?: string;
  bio?: string;
  emailVerified?: Date | null;
  image?: string | null;
};

/** Inserts an account with the handle `chooseHandle` picks (lib's createUser is the way to make one). */
export function insertUser({
  chooseHandle,
  ...input
}: Omit<NewUserInput, 'handle'> & { chooseHandle: HandleChooser }): User {
  return getDb()
    .insert(users)
    .values({
      email: input.email.toLowerCase(),
      name: input.name,
      handle: chooseHandle({ name: input.name, email: input.email }, isHandleTaken),
      role: input.role,
      bio: input.bio ?? '',
      passwordHash: input.passwordHash ?? null,
      emailVerified: input.emailVerified ?? null,
      image: input.image ?? null,
    })
    .returning()
    .get();
}

export function setUserRole({ email, role }: { email: string; role: Role }): User | null {
  return getDb().update(users).set({ role }).where(eq(users.email, email.toLowerCase())).returning().get() ?? null;
}

export function listUsers(): Pick<User, 'email' | 'name' | 'handle' | 'role' | 'createdAt'>[] {
  return getDb()
    .select({
      email: users.email,
      name: users.name,
      handle: users.handle,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.createdAt))
    .all();
}

export function countUsers(): number {
  return getDb().select({ total: count() }).from(users).get()?.total ?? 0;
}

export function isHandleTakenByOther({ handle, userId }: { handle: string; userId: string }): boolean {
  return (
    getDb()
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.handle, handle), ne(users.id, userId)))
      .get() !== undefined
  );
}

export function updateProfile({
  userId,
  ...profile
}: {
  userId: string;
  name: string;
  handle: string;
  bio: string;
  image: string | null;
}): void {
  getDb().update(users).set(profile).where(eq(users.id, userId)).run();
}

/** Sets a new password hash and ends every other session; returns the new session version. */
export function setPassword({ userId, passwordHash }: { userId: string; passwordHash: string }): void {
  getDb()
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .run();
}

/** Invalidates every session of this account, this one included. */
export function endAllSessions({ userId }: { userId: string }): void {
  getDb()
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .run();
}

export function countPostsByAuthor({ userId }: { userId: string }): number {
  return getDb().select({ total: count() }).from(posts).where(eq(posts.authorId, userId)).get()?.total ?? 0;
}

/** Deletes the account; its comments stay, shown as from "deleted user" (author_id is set to null). */
export function deleteUser({ userId }: { userId: string }): void {
  getDb().delete(users).where(eq(users.id, userId)).run();
}

export function setUserRoleById(tx: Transaction, userId: string, role: Role): void {
  tx.update(users).set({ role }).where(eq(users.id, userId)).run();
}

export type AdminUserRow = Pick<
  User,
  'id' | 'name' | 'handle' | 'email' | 'role' | 'createdAt' | 'bannedUntil' | 'banReason'
> & { comments: number; posts: number };

/** Admins' user list: search by name, handle or email; newest accounts first. */
export function searchUsers({ query, page, perPage }: { query: string; page: number; perPage: number }) {
  const db = getDb();
  const pattern = `%${query.replace(/[\\%_]/g, '\\$&')}%`;
  const where = query
    ? sql`(${users.name} like ${pattern} escape '\\' or ${users.handle} like ${pattern} escape '\\' or ${users.email} like ${pattern} escape '\\')`
    : undefined;
  const items: AdminUserRow[] = db
    .select({
      id: users.id,
      name: users.name,
      handle: users.handle,
      email: users.email,
      role: users.role,
      createdAt: users.createdAt,
      bannedUntil: users.bannedUntil,
      banReason: users.banReason,
      // $count, not a hand-written sql`` subquery: drizzle writes a column in the select list of a
      // one-table query unqualified, so ${users.id} there became a bare "id", which SQLite read as the
      // comment's or post's own id, and every count came out 0.
      comments: db.$count(comments, eq(comments.authorId, users.id)),
      posts: db.$count(posts, eq(posts.authorId, users.id)),
    })
    .from(users)
    .where(where)
    .orderBy(desc(users.createdAt))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  const total = db.select({ total: count() }).from(users).where(where).get()?.total ?? 0;
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

export function setNotificationPreferences({
  userId,
  notifyReplies,
  notifyQueue,
  notifyPostComments,
}: {
  userId: string;
  notifyReplies?: boolean;
  notifyQueue?: boolean;
  notifyPostComments?: boolean;
}): void {
  const set = Object.fromEntries(
    Object.entries({ notifyReplies, notifyQueue, notifyPostComments }).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(set).length === 0) return;
  getDb().update(users).set(set).where(eq(users.id, userId)).run();
}

/** The oldest admin account: the owner of imported posts whose author is unknown. */
export function getFirstAdminId(tx: Transaction | ReturnType<typeof getDb> = getDb()): string | null {
  return (
    tx.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).orderBy(asc(users.createdAt)).get()?.id ??
    null
  );
}
