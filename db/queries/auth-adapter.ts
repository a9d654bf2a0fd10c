import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import type { Adapter } from 'next-auth/adapters';
import { getDb, write, type QuireDatabase } from '../client';
import { accounts, sessions, users, verificationTokens } from '../tables';

const tables = {
  usersTable: users,
  accountsTable: accounts,
  sessionsTable: sessions,
  verificationTokensTable: verificationTokens,
};

/** Auth.js's adapter methods that only read, and those that write. */
const readingMethods = [
  'getUser',
  'getUserByEmail',
  'getUserByAccount',
  'getSessionAndUser',
  'getAccount',
  'getAuthenticator',
  'listAuthenticatorsByUserId',
] as const;
const writingMethods = [
  'createUser',
  'updateUser',
  'deleteUser',
  'linkAccount',
  'unlinkAccount',
  'createSession',
  'updateSession',
  'deleteSession',
  'createVerificationToken',
  'useVerificationToken',
  'createAuthenticator',
  'updateAuthenticatorCounter',
] as const;

type Method = (...args: unknown[]) => unknown;

/** Auth.js's drizzle adapter on one connection (its SQLite flavour has every method), made once per connection. */
const adapters = new WeakMap<QuireDatabase, Record<string, Method>>();
function adapterOn(db: QuireDatabase): Record<string, Method> {
  let adapter = adapters.get(db);
  if (!adapter) adapters.set(db, (adapter = DrizzleAdapter(db, tables) as unknown as Record<string, Method>));
  return adapter;
}

/**
 * Auth.js's own reads and writes (verification tokens for email links, accounts for OAuth) over
 * Quire's tables; lib/server/auth.ts wraps it so new accounts go through createUser.
 * The adapter writes through the database it is given, so each method that writes runs in a `write`
 * of its own, on the adapter of the connection `write` gives; the reads run on getDb() (the reader,
 * or the running write's transaction).
 */
export function authTablesAdapter(): Adapter {
  const adapter: Record<string, Method> = {};
  for (const name of readingMethods) adapter[name] = (...args) => adapterOn(getDb())[name]!(...args);
  for (const name of writingMethods) {
    adapter[name] = (...args) => write(async (db) => adapterOn(db)[name]!(...args));
  }
  return adapter as Adapter;
}
