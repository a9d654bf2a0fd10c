import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test-database';
import { createSession, deleteSession, deleteSessionsOfUser, extendSession, getSessionAccount } from './sessions';
import { deleteOwnAccount } from './users';
import { createUser } from '@/lib/services/users';

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);

beforeEach(async () => {
  await useTestDatabase();
});

describe('sessions', () => {
  it('finds the account behind a live session, and nothing once it is signed out', async () => {
    const user = await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader' });
    await createSession({ sessionId: 'one', userId: user.id, expires: inAMonth() });
    await createSession({ sessionId: 'two', userId: user.id, expires: inAMonth() });
    expect((await getSessionAccount({ sessionId: 'one' }))?.user.id).toBe(user.id);

    await deleteSession({ sessionId: 'one' });
    expect(await getSessionAccount({ sessionId: 'one' })).toBeNull();
    expect((await getSessionAccount({ sessionId: 'two' }))?.user.email).toBe('ada@quire.test');
    expect(await getSessionAccount({ sessionId: 'never-issued' })).toBeNull();
  });

  it('ends every session of an account at once, and with the account', async () => {
    const ada = await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader' });
    const bob = await createUser({ email: 'bob@quire.test', name: 'Bob', role: 'reader' });
    await createSession({ sessionId: 'ada-1', userId: ada.id, expires: inAMonth() });
    await createSession({ sessionId: 'ada-2', userId: ada.id, expires: inAMonth() });
    await createSession({ sessionId: 'bob-1', userId: bob.id, expires: inAMonth() });
    await deleteSessionsOfUser({ userId: ada.id });
    expect(await getSessionAccount({ sessionId: 'ada-1' })).toBeNull();
    expect(await getSessionAccount({ sessionId: 'ada-2' })).toBeNull();
    expect(await getSessionAccount({ sessionId: 'bob-1' })).not.toBeNull();
    await deleteOwnAccount({ userId: bob.id });
    expect(await getSessionAccount({ sessionId: 'bob-1' })).toBeNull();
  });

  it('moves the end of a session only forwards, and forgets ended ones at the next sign-in', async () => {
    const user = await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader' });
    const soon = new Date(Date.now() + 60_000);
    await createSession({ sessionId: 'old', userId: user.id, expires: new Date(Date.now() - 1000) });
    await createSession({ sessionId: 'live', userId: user.id, expires: soon });
    expect(await getSessionAccount({ sessionId: 'old' })).toBeNull();
    const later = inAMonth();
    await extendSession({ sessionId: 'live', expires: later });
    await extendSession({ sessionId: 'live', expires: soon });
    expect((await getSessionAccount({ sessionId: 'live' }))?.expires).toEqual(later);
  });
});
