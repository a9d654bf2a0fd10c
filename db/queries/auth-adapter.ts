import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import type { Adapter } from 'next-auth/adapters';
import { getDb } from '../client';
import { accounts, sessions, users, verificationTokens } from '../schema';

/**
 * Auth.js's own reads and writes (verification tokens for email links, accounts for OAuth) over
 * Quire's tables; lib/server/auth.ts wraps it so new accounts go through createUser.
 */
export function authTablesAdapter(): Adapter {
  return DrizzleAdapter(getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
}
