import 'server-only';
import { and, eq, gt, lt } from 'drizzle-orm';
import { getDb, lockFor, write } from '../client';
import { pendingSignUps, type PendingSignUp, type User } from '../tables';
import { getUserByEmail, insertUser, type HandleChooser } from './users';

export async function createPendingSignUp(input: Omit<PendingSignUp, 'createdAt'>): Promise<void> {
  await write(async (db) => {
    await db.delete(pendingSignUps).where(lt(pendingSignUps.expires, new Date()));
    await db.insert(pendingSignUps).values(input);
  });
}

/** A sign-up waiting for its link, if the link is still good. */
export async function getPendingSignUp({
  tokenHash,
  now = new Date(),
}: {
  tokenHash: string;
  now?: Date;
}): Promise<PendingSignUp | null> {
  const [pending] = await getDb()
    .select()
    .from(pendingSignUps)
    .where(and(eq(pendingSignUps.tokenHash, tokenHash), gt(pendingSignUps.expires, now)))
    .limit(1);
  return pending ?? null;
}

/**
 * Uses a confirmation link: creates the account with its email verified and forgets every pending
 * sign-up for that address. Null when the link is unknown, expired or used, or the address got an
 * account meanwhile (a sign-in link, an OAuth sign-in): the pending password is then not applied.
 * The handle is picked by lib's rule (newAccountHandle) inside the transaction.
 */
export async function completePendingSignUp({
  tokenHash,
  chooseHandle,
  now = new Date(),
}: {
  tokenHash: string;
  chooseHandle: HandleChooser;
  now?: Date;
}): Promise<User | null> {
  return write(async (tx) => {
    const [pending] = await tx
      .select()
      .from(pendingSignUps)
      .where(and(eq(pendingSignUps.tokenHash, tokenHash), gt(pendingSignUps.expires, now)))
      .limit(1);
    if (!pending) return null;
    await tx.delete(pendingSignUps).where(eq(pendingSignUps.email, pending.email));
    // Accounts are made one at a time (insertUser's lock, taken here before the address is looked up):
    // an account made for this address meanwhile (a sign-in link, an OAuth sign-in on PostgreSQL) is
    // seen, not run into as a duplicate address.
    await lockFor(tx, 'user-handles');
    // Inside a write, getDb() is its transaction and a nested write joins it: these reads and writes are inside it.
    if (await getUserByEmail({ email: pending.email })) return null;
    return insertUser({
      chooseHandle,
      email: pending.email,
      name: pending.name,
      role: 'reader',
      passwordHash: pending.passwordHash,
      emailVerified: now,
    });
  });
}
