import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { QuireDatabase } from '../client';
import { passwordResets } from '../tables';
import { useTestDatabase } from '../test-database';
import { completePasswordReset, createPasswordReset, getPasswordReset } from './password-resets';
import { createSession, getSessionAccount } from './sessions';
import { deleteOwnAccount, getUserById } from './users';
import { createUser } from '@/lib/services/users';

const now = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const inAnHour = later(3_600_000);
let db: QuireDatabase;

beforeEach(async () => {
  db = await useTestDatabase();
});

async function ada(emailVerified: Date | null = null) {
  return createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader', passwordHash: 'old hash', emailVerified });
}

describe('password resets', () => {
  it('finds a link by its hash until it expires', async () => {
    const user = await ada();
    await createPasswordReset({ userId: user.id, tokenHash: 'hash-1', expiresAt: inAnHour, now });
    expect(await getPasswordReset({ tokenHash: 'hash-1', now })).toEqual({
      userId: user.id,
      email: 'ada@quire.test',
      expiresAt: inAnHour,
    });
    expect(await getPasswordReset({ tokenHash: 'hash-2', now })).toBeNull();
    expect(await getPasswordReset({ tokenHash: 'hash-1', now: inAnHour })).toBeNull();
    expect(await completePasswordReset({ tokenHash: 'hash-1', passwordHash: 'new hash', now: inAnHour })).toBeNull();
    expect((await getUserById({ id: user.id }))?.passwordHash).toBe('old hash');
  });

  it('sets the password, ends every session, verifies the email, and works only once', async () => {
    const user = await ada();
    await createSession({ sessionId: 'laptop', userId: user.id, expires: later(86_400_000) });
    await createSession({ sessionId: 'phone', userId: user.id, expires: later(86_400_000) });
    await createPasswordReset({ userId: user.id, tokenHash: 'hash-1', expiresAt: inAnHour, now });

    const changed = await completePasswordReset({ tokenHash: 'hash-1', passwordHash: 'new hash', now: later(1000) });
    expect(changed).toMatchObject({ id: user.id, passwordHash: 'new hash', sessionVersion: user.sessionVersion + 1 });
    expect(changed?.emailVerified).toEqual(later(1000));
    expect(await getSessionAccount({ sessionId: 'laptop' })).toBeNull();
    expect(await getSessionAccount({ sessionId: 'phone' })).toBeNull();

    expect(await getPasswordReset({ tokenHash: 'hash-1', now })).toBeNull();
    expect(await completePasswordReset({ tokenHash: 'hash-1', passwordHash: 'third hash', now })).toBeNull();
    expect((await getUserById({ id: user.id }))?.passwordHash).toBe('new hash');
  });

  it('works once when the form is sent twice at the same moment, and only the newest of two links asked for at once works', async () => {
    const user = await ada();
    await Promise.all([
      createPasswordReset({ userId: user.id, tokenHash: 'hash-a', expiresAt: inAnHour, now }),
      createPasswordReset({ userId: user.id, tokenHash: 'hash-b', expiresAt: inAnHour, now }),
    ]);
    expect(await db.select().from(passwordResets)).toHaveLength(1);

    const [hash] = (await db.select().from(passwordResets)).map((row) => row.tokenHash);
    const uses = await Promise.all(
      ['first', 'second'].map((password) => completePasswordReset({ tokenHash: hash!, passwordHash: password, now })),
    );
    expect(uses.filter((used) => used !== null)).toHaveLength(1);
    expect((await getUserById({ id: user.id }))?.sessionVersion).toBe(user.sessionVersion + 1);
  });

  it('keeps an earlier verification date and leaves other accounts alone', async () => {
    const verified = new Date('2026-01-01T00:00:00Z');
    const user = await ada(verified);
    const bob = await createUser({ email: 'bob@quire.test', name: 'Bob', role: 'reader', passwordHash: 'bob hash' });
    await createSession({ sessionId: 'bob', userId: bob.id, expires: later(86_400_000) });
    await createPasswordReset({ userId: user.id, tokenHash: 'ada-hash', expiresAt: inAnHour, now });
    await createPasswordReset({ userId: bob.id, tokenHash: 'bob-hash', expiresAt: inAnHour, now });

    expect(
      (await completePasswordReset({ tokenHash: 'ada-hash', passwordHash: 'new hash', now }))?.emailVerified,
    ).toEqual(verified);
    expect(await getUserById({ id: bob.id })).toMatchObject({ passwordHash: 'bob hash', sessionVersion: 0 });
    expect((await getSessionAccount({ sessionId: 'bob' }))?.user.id).toBe(bob.id);
    expect((await getPasswordReset({ tokenHash: 'bob-hash', now }))?.userId).toBe(bob.id);
  });

  it('lets a newer request invalidate the older links of the account, and clears expired ones', async () => {
    const user = await ada();
    const bob = await createUser({ email: 'bob@quire.test', name: 'Bob', role: 'reader' });
    await createPasswordReset({ userId: bob.id, tokenHash: 'bob-old', expiresAt: later(1000), now });
    await createPasswordReset({ userId: user.id, tokenHash: 'first', expiresAt: inAnHour, now });
    await createPasswordReset({ userId: user.id, tokenHash: 'second', expiresAt: later(3_700_000), now: later(2000) });

    expect(await getPasswordReset({ tokenHash: 'first', now: later(2000) })).toBeNull();
    expect(await completePasswordReset({ tokenHash: 'first', passwordHash: 'new hash', now: later(2000) })).toBeNull();
    expect((await getPasswordReset({ tokenHash: 'second', now: later(2000) }))?.userId).toBe(user.id);
    // Bob's link ran out at +1 s: the second request swept it away.
    expect(await db.select().from(passwordResets).where(eq(passwordResets.userId, bob.id))).toEqual([]);
  });

  it('goes away with the account', async () => {
    const user = await ada();
    await createPasswordReset({ userId: user.id, tokenHash: 'hash-1', expiresAt: inAnHour, now });
    await deleteOwnAccount({ userId: user.id });
    expect(await db.select().from(passwordResets)).toEqual([]);
  });
});
