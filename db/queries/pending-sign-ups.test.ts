import type pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../dialect';
import { useTestDatabase } from '../test-database';
import { completePendingSignUp, createPendingSignUp, getPendingSignUp } from './pending-sign-ups';
import { getUserByEmail } from './users';
import { createUser, newAccountHandle } from '@/lib/services/users';

const now = new Date();
const tomorrow = new Date(now.getTime() + 86_400_000);

async function pending(tokenHash: string, email = 'ada@quire.test', expires = tomorrow) {
  await createPendingSignUp({ tokenHash, email, name: 'Ada', passwordHash: 'hash', returnTo: '/account', expires });
}

beforeEach(async () => {
  await useTestDatabase();
});

describe('pending sign-ups', () => {
  it('creates the account, verified, only when the link is used, and only once', async () => {
    await pending('first');
    await pending('second');
    expect(await getUserByEmail({ email: 'ada@quire.test' })).toBeNull();
    expect((await getPendingSignUp({ tokenHash: 'first' }))?.returnTo).toBe('/account');

    const user = await completePendingSignUp({ tokenHash: 'first', chooseHandle: newAccountHandle, now });
    expect(user).toMatchObject({ email: 'ada@quire.test', name: 'Ada', passwordHash: 'hash', role: 'reader' });
    expect(user?.emailVerified).toEqual(now);
    // Used up, and the other link for the same address with it.
    expect(await completePendingSignUp({ tokenHash: 'first', chooseHandle: newAccountHandle, now })).toBeNull();
    expect(await completePendingSignUp({ tokenHash: 'second', chooseHandle: newAccountHandle, now })).toBeNull();
  });

  it('refuses an expired link and an address that got an account meanwhile', async () => {
    await pending('expired', 'ada@quire.test', new Date(now.getTime() - 1000));
    expect(await getPendingSignUp({ tokenHash: 'expired' })).toBeNull();
    expect(await completePendingSignUp({ tokenHash: 'expired', chooseHandle: newAccountHandle, now })).toBeNull();

    await pending('late', 'bob@quire.test');
    await createUser({ email: 'bob@quire.test', name: 'Bob by link', role: 'reader' });
    expect(await completePendingSignUp({ tokenHash: 'late', chooseHandle: newAccountHandle, now })).toBeNull();
    expect((await getUserByEmail({ email: 'bob@quire.test' }))?.passwordHash).toBeNull();
  });

  // SQLite has one writer: the two cannot interleave there, so this is PostgreSQL's.
  it.skipIf(!onPostgres)(
    'a link used while another account is made for the address says so, without a 500',
    async () => {
      const db = await useTestDatabase();
      await pending('racing', 'carol@quire.test');
      // Another account for the address is being made (insertUser's lock held, its row not yet
      // committed) when the link is used; it commits while the link waits for that lock.
      const other = await (db.$client as unknown as pg.Pool).connect();
      try {
        await other.query('begin');
        await other.query(`select pg_advisory_xact_lock(hashtext('user-handles'))`);
        await other.query(
          `insert into users (id, email, handle, name, role) values ('carol-by-link', 'carol@quire.test', 'carol', 'Carol', 'reader')`,
        );
        const using = completePendingSignUp({ tokenHash: 'racing', chooseHandle: newAccountHandle, now });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await other.query('commit');
        expect(await using).toBeNull();
      } finally {
        other.release();
      }
      expect((await getUserByEmail({ email: 'carol@quire.test' }))?.id).toBe('carol-by-link');
    },
  );
});
