import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import { getDb, preparedStatements } from '../client';
import { sessions, users, type User } from '../schema';

/** Records a new session at sign-in, and drops sessions that ran out unused. */
export function createSession({ sessionId, userId, expires }: { sessionId: string; userId: string; expires: Date }) {
  const db = getDb();
  db.delete(sessions).where(lt(sessions.expires, new Date())).run();
  db.insert(sessions).values({ sessionToken: sessionId, userId, expires }).run();
}

/** The account behind a live session: one primary-key lookup joined to the user. */
// Read on every signed-in request (pages, the viewer request): prepared once per connection.
const sessionStatements = preparedStatements((db) => ({
  account: db
    .select({ user: users, expires: sessions.expires })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.sessionToken, sql.placeholder('sessionId')))
    .prepare(),
}));

export function getSessionAccount({ sessionId }: { sessionId: string }): { user: User; expires: Date } | null {
  return sessionStatements().account.get({ sessionId }) ?? null;
}

/** Moves a session's end further out while it is in use (the cookie is renewed the same way). */
export function extendSession({ sessionId, expires }: { sessionId: string; expires: Date }): void {
  getDb()
    .update(sessions)
    .set({ expires })
    .where(and(eq(sessions.sessionToken, sessionId), lt(sessions.expires, expires)))
    .run();
}

export function deleteSession({ sessionId }: { sessionId: string }): void {
  getDb().delete(sessions).where(eq(sessions.sessionToken, sessionId)).run();
}

export function deleteSessionsOfUser({ userId }: { userId: string }): void {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
}
