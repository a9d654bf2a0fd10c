import 'server-only';
import { and, eq, gt, lt } from 'drizzle-orm';
import { getDb } from '../client';
import { pendingComments, posts } from '../schema';

export type PendingComment = { postId: number; slug: string; title: string; parentId: number | null; body: string };

/** Keeps a visitor's comment under the hash of their browser's token; ones that ran out are cleared. */
export function savePendingComment({
  tokenHash,
  postId,
  parentId,
  body,
  expiresAt,
  now = new Date(),
}: {
  tokenHash: string;
  postId: number;
  parentId: number | null;
  body: string;
  expiresAt: Date;
  now?: Date;
}): void {
  const db = getDb();
  db.transaction(
    (tx) => {
      tx.delete(pendingComments).where(lt(pendingComments.expiresAt, now)).run();
      tx.insert(pendingComments).values({ tokenHash, postId, parentId, body, expiresAt }).run();
    },
    { behavior: 'immediate' },
  );
}

/** The comment kept for this token, while it is still good; null otherwise. */
export function getPendingComment({ tokenHash, now = new Date() }: { tokenHash: string; now?: Date }) {
  return (getDb()
    .select({
      postId: pendingComments.postId,
      slug: posts.slug,
      title: posts.title,
      parentId: pendingComments.parentId,
      body: pendingComments.body,
    })
    .from(pendingComments)
    .innerJoin(posts, eq(posts.id, pendingComments.postId))
    .where(and(eq(pendingComments.tokenHash, tokenHash), gt(pendingComments.expiresAt, now)))
    .get() ?? null) satisfies PendingComment | null;
}

export function deletePendingComment({ tokenHash }: { tokenHash: string }): void {
  getDb().delete(pendingComments).where(eq(pendingComments.tokenHash, tokenHash)).run();
}
