import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import type { Adapter } from 'next-auth/adapters';
import { getDb, write, type QuireDatabase } from '../client';
import { accounts, sessions, users, verificationTokens } from '../schema';

const tables = {
  usersTable: users,
  accountsTable: accounts,
  sessionsTable: sessions,
  verificationTokensTable: verificationTokens,
};

/** Auth.js's drizzle adapter on one connection (its SQLite flavour has every method of Adapter). */
function adapterOn(db: QuireDatabase): Required<Adapter> {
  return DrizzleAdapter(db, tables) as Required<Adapter>;
}

/**
 * Auth.js's own reads and writes (verification tokens for email links, accounts for OAuth) over
 * Quire's tables; lib/server/auth.ts wraps it so new accounts go through createUser.
 * The adapter writes through the database it is given, so each method that writes runs in a `write`
 * of its own, on an adapter built on the connection `write` gives; the reads run on getDb() (the
 * reader, or the running write's transaction).
 */
export function authTablesAdapter(): Adapter {
  const reader = () => adapterOn(getDb());
  const adapter: Required<Adapter> = {
    getUser: (id) => reader().getUser(id),
    getUserByEmail: (email) => reader().getUserByEmail(email),
    getUserByAccount: (account) => reader().getUserByAccount(account),
    getSessionAndUser: (sessionToken) => reader().getSessionAndUser(sessionToken),
    getAccount: (providerAccountId, provider) => reader().getAccount(providerAccountId, provider),
    getAuthenticator: (credentialID) => reader().getAuthenticator(credentialID),
    listAuthenticatorsByUserId: (userId) => reader().listAuthenticatorsByUserId(userId),

    createUser: (user) => write(async (db) => adapterOn(db).createUser(user)),
    updateUser: (user) => write(async (db) => adapterOn(db).updateUser(user)),
    // These four answer nothing (the SQLite flavour returns no row).
    deleteUser: async (userId) => {
      await write(async (db) => {
        await adapterOn(db).deleteUser(userId);
      });
    },
    linkAccount: async (account) => {
      await write(async (db) => {
        await adapterOn(db).linkAccount(account);
      });
    },
    unlinkAccount: async (account) => {
      await write(async (db) => {
        await adapterOn(db).unlinkAccount(account);
      });
    },
    deleteSession: async (sessionToken) => {
      await write(async (db) => {
        await adapterOn(db).deleteSession(sessionToken);
      });
    },
    createSession: (session) => write(async (db) => adapterOn(db).createSession(session)),
    updateSession: (session) => write(async (db) => adapterOn(db).updateSession(session)),
    createVerificationToken: (token) => write(async (db) => adapterOn(db).createVerificationToken(token)),
    useVerificationToken: (params) => write(async (db) => adapterOn(db).useVerificationToken(params)),
    createAuthenticator: (authenticator) => write(async (db) => adapterOn(db).createAuthenticator(authenticator)),
    updateAuthenticatorCounter: (credentialID, counter) =>
      write(async (db) => adapterOn(db).updateAuthenticatorCounter(credentialID, counter)),
  };
  return adapter;
}
