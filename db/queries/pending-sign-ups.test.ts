import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test-database';
import { completePendingSignUp, createPendingSignUp, getPendingSignUp } from './pending-sign-ups';
import { getUserByEmail } from './users';
import { createUser, newAccountHandle } from '@/lib/services/users';

const now = new Date();
const tomorrow = new Date(now.getTime() + 86_400_000);

function pending(tokenHash: string, email = 'ada@quire.test', expires = tomorrow) {
  createPendingSignUp({ tokenHash, email, name: 'Ada', passwordHash: 'hash', returnTo: '/account', expires });
}

beforeEach(() => {
  useTestDatabase();
});

describe('pending sign-ups', () => {
  it('creates the account, verified, only when the link is used, and only once', () => {
    pending('first');
    pending('second');
    expect(getUserByEmail({ email: 'ada@quire.test' })).toBeNull();
    expect(getPendingSignUp({ tokenHash: 'first' })?.returnTo).toBe('/account');

    const user = completePendingSignUp({ tokenHash: 'first', chooseHandle: newAccountHandle, now });
    expect(user).toMatchObject({ email: 'ada@quire.test', name: 'Ada', passwordHash: 'hash', role: 'reader' });
    expect(user?.emailVerified).toEqual(now);
    // Used up, and the other link for the same address with it.
    expect(completePendingSignUp({ tokenHash: 'first', chooseHandle: newAccountHandle, now })).toBeNull();
    expect(completePendingSignUp({ tokenHash: 'second', chooseHandle: newAccountHandle, now })).toBeNull();
  });

  it('refuses an expired link and an address that got an account meanwhile', () => {
    pending('expired', 'ada@quire.test', new Date(now.getTime() - 1000));
    expect(getPendingSignUp({ tokenHash: 'expired' })).toBeNull();
    expect(completePendingSignUp({ tokenHash: 'expired', chooseHandle: newAccountHandle, now })).toBeNull();

    pending('late', 'bob@quire.test');
    createUser({ email: 'bob@quire.test', name: 'Bob by link', role: 'reader' });
    expect(completePendingSignUp({ tokenHash: 'late', chooseHandle: newAccountHandle, now })).toBeNull();
    expect(getUserByEmail({ email: 'bob@quire.test' })?.passwordHash).toBeNull();
  });
});
