import 'server-only';
import { and, asc, count, desc, eq, ne, or, sql } from 'drizzle-orm';
import { getDb, lockFor, rawRun, write, type QuireDatabase } from '../client';
import { comments, posts, users, type Role, type User } from '../tables';
import { isPublished, type Transaction } from './posts';
import { containsText, onPostgres } from '../dialect';

export type PublicAuthor = Pick<User, 'id' | 'name' | 'handle' | 'bio' | 'image'>;

export async function getAuthorByHandle({ handle }: { handle: string }): Promise<PublicAuthor | null> {
  const [author] = await getDb()
    .select({ id: users.id, name: users.name, handle: users.handle, bio: users.bio, image: users.image })
    .from(users)
    .where(eq(users.handle, handle))
    .limit(1);
  return author ?? null;
}

/** Authors with at least one published post (for the sitemap). */
export async function listPublishedAuthors(): Promise<{ handle: string; postCount: number }[]> {
  return getDb()
    .select({ handle: users.handle, postCount: count() })
    .from(users)
    .innerJoin(posts, eq(posts.authorId, users.id))
    .where(isPublished)
    .groupBy(users.id)
    .orderBy(asc(users.handle));
}

export async function getUserById({ id }: { id: string }): Promise<User | null> {
  const [user] = await getDb().select().from(users).where(eq(users.id, id)).limit(1);
  return user ?? null;
}

export async function getUserByEmail({ email }: { email: string }): Promise<User | null> {
  const [user] = await getDb().select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return user ?? null;
}

export async function isHandleTaken(handle: string): Promise<boolean> {
  const [row] = await getDb().select({ id: users.id }).from(users).where(eq(users.handle, handle)).limit(1);
  return row !== undefined;
}

/**
 * lib's rule for a new account's handle (see lib/services/users.ts), given the account's name and
 * email; storage only says which handles are taken, read on the caller's connection and transaction.
 */
export type HandleChooser = (
  account: { name: string; email: string },
  isTaken: (handle: string) => Promise<boolean>,
) => Promise<string>;

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
export async function insertUser({
  chooseHandle,
  ...input
}: Omit<NewUserInput, 'handle'> & { chooseHandle: HandleChooser }): Promise<User> {
  // The handle is chosen and taken in one transaction: isHandleTaken reads inside it (getDb()).
  // On PostgreSQL a lock keeps the choice and the insert to one transaction at a time, as SQLite's
  // single writer does: two people named alike signing up at once would otherwise take one handle.
  return write(async (db) => {
    await lockFor(db, 'user-handles');
    const handle = await chooseHandle({ name: input.name, email: input.email }, isHandleTaken);
    const [user] = await db
      .insert(users)
      .values({
        email: input.email.toLowerCase(),
        name: input.name,
        handle,
        role: input.role,
        bio: input.bio ?? '',
        passwordHash: input.passwordHash ?? null,
        emailVerified: input.emailVerified ?? null,
        image: input.image ?? null,
      })
      .returning();
    return user!;
  });
}

export async function setUserRole({ email, role }: { email: string; role: Role }): Promise<User | null> {
  const [user] = await write((db) =>
    db.update(users).set({ role }).where(eq(users.email, email.toLowerCase())).returning(),
  );
  return user ?? null;
}

export async function listUsers(): Promise<Pick<User, 'email' | 'name' | 'handle' | 'role' | 'createdAt'>[]> {
  return getDb()
    .select({
      email: users.email,
      name: users.name,
      handle: users.handle,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.createdAt));
}

export async function countUsers(): Promise<number> {
  const [row] = await getDb().select({ total: count() }).from(users);
  return row?.total ?? 0;
}

export async function isHandleTakenByOther({ handle, userId }: { handle: string; userId: string }): Promise<boolean> {
  const [row] = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.handle, handle), ne(users.id, userId)))
    .limit(1);
  return row !== undefined;
}

/**
 * Saves a profile, unless its handle belongs to someone else: 'taken'. The check and the write hold
 * the handles' lock (PostgreSQL), so two people taking one handle at once cannot both have it.
 */
export async function updateProfile({
  userId,
  ...profile
}: {
  userId: string;
  name: string;
  handle: string;
  bio: string;
  image: string | null;
}): Promise<'saved' | 'taken'> {
  return write(async (db) => {
    await lockFor(db, 'user-handles');
    if (await isHandleTakenByOther({ handle: profile.handle, userId })) return 'taken';
    await db.update(users).set(profile).where(eq(users.id, userId));
    return 'saved';
  });
}

/** Sets a new password hash and ends every other session; returns the new session version. */
export async function setPassword({ userId, passwordHash }: { userId: string; passwordHash: string }): Promise<void> {
  await write((db) =>
    db
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId)),
  );
}

/** Invalidates every session of this account, this one included. */
export async function endAllSessions({ userId }: { userId: string }): Promise<void> {
  await write((db) =>
    db
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId)),
  );
}

export async function countPostsByAuthor({ userId }: { userId: string }): Promise<number> {
  const [row] = await getDb().select({ total: count() }).from(posts).where(eq(posts.authorId, userId));
  return row?.total ?? 0;
}

/**
 * Changes to who is an admin take turns (a lock on PostgreSQL; SQLite has one writer), each reading, in
 * its own transaction, what the ones before it left: an admin's change is made only while they are
 * still an admin, and the last admin cannot delete their account. Two admins demoting or deleting each
 * other at once leave one admin, not none. Inside the caller's write.
 */
export async function isStillAdmin(tx: Transaction, userId: string): Promise<boolean> {
  await lockFor(tx as QuireDatabase, 'admins');
  const [row] = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId));
  return row?.role === 'admin';
}

/**
 * Deletes one's own account; its comments stay, shown as from "deleted user" (author_id is set to
 * null). Refused for the last admin (see isStillAdmin), and for an author of posts (they must be moved
 * or deleted first), both read in the same transaction.
 */
export async function deleteOwnAccount({
  userId,
}: {
  userId: string;
}): Promise<'deleted' | 'last-admin' | 'has-posts'> {
  return write(async (tx) => {
    if (await isStillAdmin(tx, userId)) {
      const [others] = await tx
        .select({ total: count() })
        .from(users)
        .where(and(eq(users.role, 'admin'), ne(users.id, userId)));
      if (!others?.total) return 'last-admin';
    }
    return (await deleteUserWithoutPosts(tx, userId)) ? 'deleted' : 'has-posts';
  });
}

/**
 * Deletes an account that has written no posts, inside the caller's write (its comments stay, as from
 * "deleted user"); false when it has. On PostgreSQL the account's row is locked first: a post being
 * saved for it meanwhile is waited for and counted, rather than run into as a foreign key.
 */
export async function deleteUserWithoutPosts(tx: Transaction, userId: string): Promise<boolean> {
  if (onPostgres) await rawRun(tx as QuireDatabase, sql`select 1 from users where id = ${userId} for update`);
  const [written] = await tx.select({ total: count() }).from(posts).where(eq(posts.authorId, userId));
  if (written?.total) return false;
  await tx.delete(users).where(eq(users.id, userId));
  return true;
}

/** Inside the caller's write: `tx` is the database its `write` callback was given. */
export async function setUserRoleById(tx: Transaction, userId: string, role: Role): Promise<void> {
  await tx.update(users).set({ role }).where(eq(users.id, userId));
}

export type AdminUserRow = Pick<
  User,
  'id' | 'name' | 'handle' | 'email' | 'role' | 'createdAt' | 'bannedUntil' | 'banReason'
> & { comments: number; posts: number };

/** Admins' user list: search by name, handle or email; newest accounts first. */
export async function searchUsers({ query, page, perPage }: { query: string; page: number; perPage: number }) {
  const db = getDb();
  const where = query
    ? or(...[users.name, users.handle, users.email].map((column) => containsText(column, query)))
    : undefined;
  const items: AdminUserRow[] = await db
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
    .offset((page - 1) * perPage);
  const [counted] = await db.select({ total: count() }).from(users).where(where);
  const total = counted?.total ?? 0;
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

export async function setNotificationPreferences({
  userId,
  notifyReplies,
  notifyQueue,
  notifyPostComments,
}: {
  userId: string;
  notifyReplies?: boolean;
  notifyQueue?: boolean;
  notifyPostComments?: boolean;
}): Promise<void> {
  const set = Object.fromEntries(
    Object.entries({ notifyReplies, notifyQueue, notifyPostComments }).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(set).length === 0) return;
  await write((db) => db.update(users).set(set).where(eq(users.id, userId)));
}

/** The oldest admin account: the owner of imported posts whose author is unknown. */
export async function getFirstAdminId(tx: Transaction | ReturnType<typeof getDb> = getDb()): Promise<string | null> {
  const [admin] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.role, 'admin'))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return admin?.id ?? null;
}
