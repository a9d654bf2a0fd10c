import 'server-only';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { getDb, lockFor, write } from '../client';
import { passwordResets, users, type User } from '../tables';
import { deleteSessionsOfUser } from './sessions';
import { setPassword } from './users';

/**
 * Records a new reset link for an account. Older links of the same account stop working (only the
 * newest mail's link counts), and links that ran out are cleared away.
 */
export async function createPasswordReset({
  userId,
  tokenHash,
  expiresAt,
  now = new Date(),
}: {
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  now?: Date;
}): Promise<void> {
  await write(async (tx) => {
    // Only the newest link works: a second request at the same moment waits for the first (PostgreSQL).
    await lockFor(tx, `password-reset:${userId}`);
    await tx.delete(passwordResets).where(eq(passwordResets.userId, userId));
    await tx.delete(passwordResets).where(lt(passwordResets.expiresAt, now));
    await tx.insert(passwordResets).values({ userId, tokenHash, expiresAt });
  });
}

/** The account a reset link is for, while the link is still good (unknown, used and expired links: null). */
export async function getPasswordReset({
  tokenHash,
  now = new Date(),
}: {
  tokenHash: string;
  now?: Date;
}): Promise<{ userId: string; email: string; expiresAt: Date } | null> {
  const [row] = await getDb()
    .select({ userId: passwordResets.userId, email: users.email, expiresAt: passwordResets.expiresAt })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, tokenHash), gt(passwordResets.expiresAt, now)))
    .limit(1);
  return row?.email ? { userId: row.userId, email: row.email, expiresAt: row.expiresAt } : null;
}

/**
 * Uses a reset link, all or nothing: sets the new password hash (raising the session version), ends
 * every session of the account, marks its email verified (the link proved it) and forgets every
 * reset link of the account. Null when the link is unknown, expired or already used.
 */
export async function completePasswordReset({
  tokenHash,
  passwordHash,
  now = new Date(),
}: {
  tokenHash: string;
  passwordHash: string;
  now?: Date;
}): Promise<User | null> {
  return write(async (tx) => {
    // Taking the link is the check: of two uses at the same moment, only one deletes it.
    const [reset] = await tx
      .delete(passwordResets)
      .where(and(eq(passwordResets.tokenHash, tokenHash), gt(passwordResets.expiresAt, now)))
      .returning({ userId: passwordResets.userId });
    if (!reset) return null;
    await tx.delete(passwordResets).where(eq(passwordResets.userId, reset.userId));
    // A write inside a write joins it, so these writes are inside this transaction.
    await setPassword({ userId: reset.userId, passwordHash });
    await deleteSessionsOfUser({ userId: reset.userId });
    await tx
      .update(users)
      .set({ emailVerified: now })
      .where(and(eq(users.id, reset.userId), isNull(users.emailVerified)));
    const [user] = await tx.select().from(users).where(eq(users.id, reset.userId)).limit(1);
    return user ?? null;
  });
}
