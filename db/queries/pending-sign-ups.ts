import 'server-only';
import { and, eq, gt, lt } from 'drizzle-orm';
import { getDb } from '../client';
import { pendingSignUps, type PendingSignUp, type User } from '../schema';
import { getUserByEmail, insertUser, type HandleChooser } from './users';

export function createPendingSignUp(input: Omit<PendingSignUp, 'createdAt'>): void {
  const db = getDb();
  db.delete(pendingSignUps).where(lt(pendingSignUps.expires, new Date())).run();
  db.insert(pendingSignUps).values(input).run();
}

/** A sign-up waiting for its link, if the link is still good. */
export function getPendingSignUp({ tokenHash, now = new Date() }: { tokenHash: string; now?: Date }) {
  return (
    getDb()
      .select()
      .from(pendingSignUps)
      .where(and(eq(pendingSignUps.tokenHash, tokenHash), gt(pendingSignUps.expires, now)))
      .get() ?? null
  );
}

/**
 * Uses a confirmation link: creates the account with its email verified and forgets every pending
 * sign-up for that address. Null when the link is unknown, expired or used, or the address got an
 * account meanwhile (a sign-in link, an OAuth sign-in): the pending password is then not applied.
 * The handle is picked by lib's rule (newAccountHandle) inside the transaction.
 */
export function completePendingSignUp({
  tokenHash,
  chooseHandle,
  now = new Date(),
}: {
  tokenHash: string;
  chooseHandle: HandleChooser;
  now?: Date;
}): User | null {
  return getDb().transaction(
    (tx) => {
      const pending = tx
        .select()
        .from(pendingSignUps)
        .where(and(eq(pendingSignUps.tokenHash, tokenHash), gt(pendingSignUps.expires, now)))
        .get();
      if (!pending) return null;
      tx.delete(pendingSignUps).where(eq(pendingSignUps.email, pending.email)).run();
      // Same connection as tx (better-sqlite3 is synchronous), so these reads and writes are inside it.
      if (getUserByEmail({ email: pending.email })) return null;
      return insertUser({
        chooseHandle,
        email: pending.email,
        name: pending.name,
        role: 'reader',
        passwordHash: pending.passwordHash,
        emailVerified: now,
      });
    },
    { behavior: 'immediate' },
  );
}
