import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import { preparedStatements, write } from '../client';
import { sessions, users, type User } from '../tables';

/** Records a new session at sign-in, and drops sessions that ran out unused. */
export async function createSession({
  sessionId,
  userId,
  expires,
}: {
  sessionId: string;
  userId: string;
  expires: Date;
}): Promise<void> {
  await write(async (db) => {
    await db.delete(sessions).where(lt(sessions.expires, new Date()));
    await db.insert(sessions).values({ sessionToken: sessionId, userId, expires });
  });
}

/** What a session's account is read for on each request (lib/server/session.ts): not its password or settings. */
export type SessionUser = Pick<
  User,
  'id' | 'name' | 'handle' | 'email' | 'image' | 'role' | 'createdAt' | 'bannedUntil' | 'banReason' | 'sessionVersion'
>;

/**
 * The account behind a live session: two primary-key lookups, the session's row and then its account.
 * Read on every signed-in request (pages, the viewer request): prepared once per connection. Not one
 * join: SQLite plans a join from its table statistics, and statistics taken while there was one
 * session (a new site, the bench) had it scan every session on every request as sessions grew.
 * A lookup of one table by its key is always planned by the key.
 */
const sessionStatements = preparedStatements((db) => ({
  session: db
    .select({ userId: sessions.userId, expires: sessions.expires })
    .from(sessions)
    .where(eq(sessions.sessionToken, sql.placeholder('sessionId')))
    .prepare(),
  user: db
    .select({
      id: users.id,
      name: users.name,
      handle: users.handle,
      email: users.email,
      image: users.image,
      role: users.role,
      createdAt: users.createdAt,
      bannedUntil: users.bannedUntil,
      banReason: users.banReason,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare(),
}));

export async function getSessionAccount({
  sessionId,
}: {
  sessionId: string;
}): Promise<{ user: SessionUser; expires: Date } | null> {
  const statements = sessionStatements();
  const [session] = await statements.session.execute({ sessionId });
  if (!session) return null;
  const [user] = await statements.user.execute({ userId: session.userId });
  return user ? { user, expires: session.expires } : null;
}

/** Moves a session's end further out while it is in use (the cookie is renewed the same way). */
export async function extendSession({ sessionId, expires }: { sessionId: string; expires: Date }): Promise<void> {
  await write((db) =>
    db
      .update(sessions)
      .set({ expires })
      .where(and(eq(sessions.sessionToken, sessionId), lt(sessions.expires, expires))),
  );
}

export async function deleteSession({ sessionId }: { sessionId: string }): Promise<void> {
  await write((db) => db.delete(sessions).where(eq(sessions.sessionToken, sessionId)));
}

export async function deleteSessionsOfUser({ userId }: { userId: string }): Promise<void> {
  await write((db) => db.delete(sessions).where(eq(sessions.userId, userId)));
}
