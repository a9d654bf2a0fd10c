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

/** The account behind a live session: one primary-key lookup joined to the user. */
// Read on every signed-in request (pages, the viewer request): prepared once per connection.
const sessionStatements = preparedStatements((db) => ({
  account: db
    .select({
      user: {
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
      },
      expires: sessions.expires,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.sessionToken, sql.placeholder('sessionId')))
    .prepare(),
}));

export async function getSessionAccount({
  sessionId,
}: {
  sessionId: string;
}): Promise<{ user: SessionUser; expires: Date } | null> {
  const [account] = await sessionStatements().account.execute({ sessionId });
  return account ?? null;
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
