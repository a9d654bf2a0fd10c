import 'server-only';
import { and, eq, gt, lt } from 'drizzle-orm';
import { getDb, write } from '../client';
import { pendingComments, posts } from '../tables';

export type PendingComment = { postId: number; slug: string; title: string; parentId: number | null; body: string };

/** Keeps a visitor's comment under the hash of their browser's token; ones that ran out are cleared. */
export async function savePendingComment({
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
}): Promise<void> {
  await write(async (tx) => {
    await tx.delete(pendingComments).where(lt(pendingComments.expiresAt, now));
    await tx.insert(pendingComments).values({ tokenHash, postId, parentId, body, expiresAt });
  });
}

/** The comment kept for this token, while it is still good; null otherwise. */
export async function getPendingComment({ tokenHash, now = new Date() }: { tokenHash: string; now?: Date }) {
  const [row] = await getDb()
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
    .limit(1);
  return (row ?? null) satisfies PendingComment | null;
}

export async function deletePendingComment({ tokenHash }: { tokenHash: string }): Promise<void> {
  await write((db) => db.delete(pendingComments).where(eq(pendingComments.tokenHash, tokenHash)));
}
