import 'server-only';
import { and, eq, lte, or, sql } from 'drizzle-orm';
import { changedRows, write } from '../client';
import { jobLeases } from '../tables';

/**
 * Takes (or renews) the lease on a job for `holder` until `now + ttlMs`, in one statement: the row
 * is written only when the lease has run out or is already this holder's, so of several app servers
 * asking at once exactly one gets it. True when `holder` holds the lease now.
 */
export async function acquireJobLease({
  name,
  holder,
  ttlMs,
  now = new Date(),
}: {
  name: string;
  holder: string;
  ttlMs: number;
  now?: Date;
}): Promise<boolean> {
  const result = await write((db) =>
    db
      .insert(jobLeases)
      .values({ name, holder, expiresAt: new Date(now.getTime() + ttlMs) })
      .onConflictDoUpdate({
        target: jobLeases.name,
        set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
        setWhere: or(lte(jobLeases.expiresAt, now), eq(jobLeases.holder, holder)),
      }),
  );
  return changedRows(result) === 1;
}

/** Gives the lease up at once (a server stopping), so another server need not wait for it to run out. */
export async function releaseJobLease({ name, holder }: { name: string; holder: string }): Promise<void> {
  await write((db) =>
    db
      .update(jobLeases)
      .set({ expiresAt: new Date(0) })
      .where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder))),
  );
}
