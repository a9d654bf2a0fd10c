import 'server-only';
import { and, eq, gte, sql } from 'drizzle-orm';
import { getDb, rawRows, write } from '../client';
import { indexedBy } from '../dialect';
import { postViews } from '../tables';

/** A UTC calendar day as stored in post_views: 2026-11-26. */
export function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds buffered view counts in one transaction: one upsert per post per day. */
export async function addPostViews(
  counts: Iterable<[postId: number, views: number]>,
  now: Date = new Date(),
): Promise<void> {
  const day = dayKey(now);
  // In the order of the posts: two servers adding up the same rows then lock them in the same order
  // (PostgreSQL), instead of each waiting for the other.
  const ordered = [...counts].sort(([a], [b]) => a - b);
  await write(async (tx) => {
    for (const [postId, views] of ordered) {
      await tx
        .insert(postViews)
        .values({ postId, day, views })
        .onConflictDoUpdate({
          target: [postViews.postId, postViews.day],
          set: { views: sql`${postViews.views} + ${views}` },
        });
    }
  });
}

export type PopularPost = {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  coverImage: string | null;
  coverAlt: string;
  views: number;
};

async function topPostsSince(since: string | null, limit: number): Promise<PopularPost[]> {
  // INDEXED BY pins SQLite's plan: without it SQLite may walk the whole (post_id, day) primary key to
  // avoid sorting the groups, which reads every view row ever recorded instead of the last 30 days.
  const recentViews =
    since === null
      ? sql`select post_id, sum(views) as views from post_views group by post_id`
      : sql`select post_id, sum(views) as views from post_views${indexedBy('post_views_day_post_idx')} where day >= ${since} group by post_id`;
  const rows = await rawRows<Omit<PopularPost, 'views'> & { views: number | string }>(
    getDb(),
    sql`select p.id, p.slug, p.title, p.excerpt, p.cover_image as "coverImage", p.cover_alt as "coverAlt", v.views
          from (${recentViews}) v
          join posts p on p.id = v.post_id
         where p.status = 'published' and p.kind = 'post'
         order by v.views desc, p.published_at desc
         limit ${limit}`,
  );
  return rows.map((row) => ({ ...row, views: Number(row.views) }));
}

/**
 * Blogger's Popular posts: the published posts with most views in the last `days` days;
 * all-time instead when fewer than `limit` posts were viewed in that window.
 */
export async function listPopularPosts({
  days,
  limit,
  now = new Date(),
}: {
  days: number;
  limit: number;
  now?: Date;
}): Promise<PopularPost[]> {
  const since = dayKey(new Date(now.getTime() - (days - 1) * 86_400_000));
  const recent = await topPostsSince(since, limit);
  return recent.length >= limit ? recent : topPostsSince(null, limit);
}

/** Total views of one post over a window (null days = all time). */
export async function countPostViews({
  postId,
  days,
  now = new Date(),
}: {
  postId: number;
  days: number | null;
  now?: Date;
}) {
  const conditions = [eq(postViews.postId, postId)];
  if (days !== null) conditions.push(gte(postViews.day, dayKey(new Date(now.getTime() - (days - 1) * 86_400_000))));
  const [row] = await getDb()
    .select({ total: sql<number>`coalesce(sum(${postViews.views}), 0)`.mapWith(Number) })
    .from(postViews)
    .where(and(...conditions));
  return Number(row?.total ?? 0);
}
