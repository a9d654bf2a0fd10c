import 'server-only';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { getDb } from '../client';
import { passwordResets, users, type User } from '../schema';
import { deleteSessionsOfUser } from './sessions';
import { setPassword } from './users';

/**
 * Records a new reset link for an account. Older links of the same account stop working (only the
 * newest mail's link counts), and links that ran out are cleared away.
 */
export function createPasswordReset({
  userId,
  tokenHash,
  expiresAt,
  now = new Date(),
}: {
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  now?: Date;
}): void {
  getDb().transaction(
    (tx) => {
      tx.delete(passwordResets).where(eq(passwordResets.userId, userId)).run();
      tx.delete(passwordResets).where(lt(passwordResets.expiresAt, now)).run();
      tx.insert(passwordResets).values({ userId, tokenHash, expiresAt }).run();
    },
    { behavior: 'immediate' },
  );
}

/** The account a reset link is for, while the link is still good (unknown, used and expired links: null). */
export function getPasswordReset({
  tokenHash,
  now = new Date(),
}: {
  tokenHash: string;
  now?: Date;
}): { userId: string; email: string; expiresAt: Date } | null {
  const row = getDb()
    .select({ userId: passwordResets.userId, email: users.email, expiresAt: passwordResets.expiresAt })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, tokenHash), gt(passwordResets.expiresAt, now)))
    .get();
  return row?.email ? { userId: row.userId, email: row.email, expiresAt: row.expiresAt } : null;
}

/**
 * Uses a reset link, all or nothing: sets the new password hash (raising the session version), ends
 * every session of the account, marks its email verified (the link proved it) and forgets every
 * reset link of the account. Null when the link is unknown, expired or already used.
 */
export function completePasswordReset({
  tokenHash,
  passwordHash,
  now = new Date(),
}: {
  tokenHash: string;
  passwordHash: string;
  now?: Date;
}): User | null {
  return getDb().transaction(
    (tx) => {
      const reset = tx
        .select({ userId: passwordResets.userId })
        .from(passwordResets)
        .where(and(eq(passwordResets.tokenHash, tokenHash), gt(passwordResets.expiresAt, now)))
        .get();
      if (!reset) return null;
      tx.delete(passwordResets).where(eq(passwordResets.userId, reset.userId)).run();
      // Same connection as tx (better-sqlite3 is synchronous), so these writes are inside it.
      setPassword({ userId: reset.userId, passwordHash });
      deleteSessionsOfUser({ userId: reset.userId });
      tx.update(users)
        .set({ emailVerified: now })
        .where(and(eq(users.id, reset.userId), isNull(users.emailVerified)))
        .run();
      return tx.select().from(users).where(eq(users.id, reset.userId)).get() ?? null;
    },
    { behavior: 'immediate' },
  );
}
