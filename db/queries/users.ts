import 'server-only';
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { toSlug } from '@/lib/slug';
import { getDb } from '../client';
import { posts, users, type Role, type User } from '../schema';
import { isPublished } from './posts';

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

/** A free handle made from a name or an email's local part: "Ada Lovelace" → ada-lovelace, ada-lovelace-2… */
export function freeHandle(from: string): string {
  const base = toSlug(from.split('@')[0] ?? from).slice(0, 30) || 'user';
  if (!isHandleTaken(base)) return base;
  for (let n = 2; ; n++) if (!isHandleTaken(`${base}-${n}`)) return `${base}-${n}`;
}

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

export function createUser(input: NewUserInput): User {
  return getDb()
    .insert(users)
    .values({
      email: input.email.toLowerCase(),
      name: input.name,
      handle: input.handle ?? freeHandle(input.name || input.email),
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
