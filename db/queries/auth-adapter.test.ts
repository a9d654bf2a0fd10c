import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdapterUser } from 'next-auth/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, useDatabaseFile } from '../client';
import { migrateDatabase } from '../migrate';
import { authTablesAdapter } from './auth-adapter';

// On a database file: reads go to the read-only connection, so a writing method that missed its
// `write` would fail here.
describe("Auth.js's adapter over Quire's tables", () => {
  let folder: string;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'quire-adapter-'));
    useDatabaseFile(join(folder, 'quire.db'));
    await migrateDatabase();
  });
  afterEach(async () => {
    await closeDatabase();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes accounts, sessions and email-link tokens, and reads them back', async () => {
    const adapter = authTablesAdapter();
    // Quire's accounts carry a handle (lib/server/auth.ts makes new ones through createUser).
    const user = await adapter.createUser!({
      id: 'u1',
      email: 'ada@quire.test',
      emailVerified: null,
      name: 'Ada',
      handle: 'ada',
    } as AdapterUser);
    expect((await adapter.getUserByEmail!('ada@quire.test'))?.id).toBe(user.id);

    await adapter.linkAccount!({ userId: user.id, type: 'oidc', provider: 'idp', providerAccountId: 'ada-1' });
    expect((await adapter.getUserByAccount!({ provider: 'idp', providerAccountId: 'ada-1' }))?.id).toBe(user.id);

    const expires = new Date(Date.now() + 60_000);
    await adapter.createSession!({ sessionToken: 's1', userId: user.id, expires });
    expect((await adapter.getSessionAndUser!('s1'))?.user.id).toBe(user.id);
    await adapter.deleteSession!('s1');
    expect(await adapter.getSessionAndUser!('s1')).toBeNull();

    await adapter.createVerificationToken!({ identifier: 'ada@quire.test', token: 't1', expires });
    expect((await adapter.useVerificationToken!({ identifier: 'ada@quire.test', token: 't1' }))?.token).toBe('t1');
    // Used once only.
    expect(await adapter.useVerificationToken!({ identifier: 'ada@quire.test', token: 't1' })).toBeNull();
  });
});
