import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test-database';
import { createSession, deleteSession, deleteSessionsOfUser, extendSession, getSessionAccount } from './sessions';
import { deleteUser } from './users';
import { createUser } from '@/lib/services/users';

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);

beforeEach(() => {
  useTestDatabase();
});

describe('sessions', () => {
  it('finds the account behind a live session, and nothing once it is signed out', () => {
    const user = createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader' });
    createSession({ sessionId: 'one', userId: user.id, expires: inAMonth() });
    createSession({ sessionId: 'two', userId: user.id, expires: inAMonth() });
    expect(getSessionAccount({ sessionId: 'one' })?.user.id).toBe(user.id);

    deleteSession({ sessionId: 'one' });
    expect(getSessionAccount({ sessionId: 'one' })).toBeNull();
    expect(getSessionAccount({ sessionId: 'two' })?.user.email).toBe('ada@quire.test');
    expect(getSessionAccount({ sessionId: 'never-issued' })).toBeNull();
  });

  it('ends every session of an account at once, and with the account', () => {
    const ada = createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader' });
    const bob = createUser({ email: 'bob@quire.test', name: 'Bob', role: 'reader' });
    createSession({ sessionId: 'ada-1', userId: ada.id, expires: inAMonth() });
    createSession({ sessionId: 'ada-2', userId: ada.id, expires: inAMonth() });
    createSession({ sessionId: 'bob-1', userId: bob.id, expires: inAMonth() });
    deleteSessionsOfUser({ userId: ada.id });
    expect(getSessionAccount({ sessionId: 'ada-1' })).toBeNull();
    expect(getSessionAccount({ sessionId: 'ada-2' })).toBeNull();
    expect(getSessionAccount({ sessionId: 'bob-1' })).not.toBeNull();
    deleteUser({ userId: bob.id });
    expect(getSessionAccount({ sessionId: 'bob-1' })).toBeNull();
  });

  it('moves the end of a session only forwards, and forgets ended ones at the next sign-in', () => {
    const user = createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader' });
    const soon = new Date(Date.now() + 60_000);
    createSession({ sessionId: 'old', userId: user.id, expires: new Date(Date.now() - 1000) });
    createSession({ sessionId: 'live', userId: user.id, expires: soon });
    expect(getSessionAccount({ sessionId: 'old' })).toBeNull();
    const later = inAMonth();
    extendSession({ sessionId: 'live', expires: later });
    extendSession({ sessionId: 'live', expires: soon });
    expect(getSessionAccount({ sessionId: 'live' })?.expires).toEqual(later);
  });
});
