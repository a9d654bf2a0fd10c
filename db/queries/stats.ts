import 'server-only';
/** A count for one UTC day, `YYYY-MM-DD`. */
export type DayCount = { day: string; count: number };
import { eq, sql, type SQL } from 'drizzle-orm';
import { getDb, rawRows } from '../client';
import { dayOf, indexedBy, timeParam } from '../dialect';
import { posts } from '../tables';

/**
 * Whose posts the numbers cover: one author's (an author's own view), every post (an admin), and
 * perhaps one post. The caller decides from the session; these reads only filter.
 */
export type StatsScope = { authorId: string | null; postId?: number };

function scopeFilter({ authorId, postId }: StatsScope): SQL {
  return sql.join([
    authorId !== null ? sql` and p.author_id = ${authorId}` : sql``,
    postId !== undefined ? sql` and p.id = ${postId}` : sql``,
  ]);
}

/**
 * Views per UTC day from `since` (the first day counted, `YYYY-MM-DD`), summed over the scope's posts
 * (days without views are absent).
 */
export async function listViewsPerDay({ scope, since }: { scope: StatsScope; since: string }) {
  // The (day, post_id, views) index answers the window; the join keeps the scope's posts.
  const rows = await rawRows<{ day: string; count: number | string }>(
    getDb(),
    sql`select v.day as day, sum(v.views) as count
          from post_views v${indexedBy('post_views_day_post_idx')}
          join posts p on p.id = v.post_id
         where v.day >= ${since}${scopeFilter(scope)}
         group by v.day
         order by v.day`,
  );
  return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
}

/**
 * Visible comments per UTC day from `since` on the scope's posts: what readers could read (held,
 * removed and deleted comments are not counted).
 */
export async function listCommentsPerDay({ scope, since }: { scope: StatsScope; since: string }) {
  const sinceTime = new Date(`${since}T00:00:00Z`);
  const day = dayOf(sql`c.created_at`);
  const rows = await rawRows<{ day: string; count: number | string }>(
    getDb(),
    sql`select ${day} as day, count(*) as count
          from comments c
          join posts p on p.id = c.post_id
         where c.status = 'visible' and c.created_at >= ${timeParam(sinceTime)}${scopeFilter(scope)}
         group by ${day}
         order by 1`,
  );
  return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
}

export type TopPost = { id: number; slug: string; title: string; status: string; views: number };

/** The scope's posts with most views from `since`, most first. */
export async function listTopPosts({
  authorId,
  since,
  limit,
}: {
  authorId: string | null;
  since: string;
  limit: number;
}): Promise<TopPost[]> {
  const rows = await rawRows<Omit<TopPost, 'views'> & { views: number | string }>(
    getDb(),
    sql`select p.id, p.slug, p.title, p.status, v.views
          from (select post_id, sum(views) as views from post_views${indexedBy('post_views_day_post_idx')}
                 where day >= ${since} group by post_id) v
          join posts p on p.id = v.post_id
         where 1 = 1${scopeFilter({ authorId })}
         order by v.views desc, p.id desc
         limit ${limit}`,
  );
  return rows.map((row) => ({ ...row, views: Number(row.views) }));
}

/** A post the stats page may show, with its author, or null. */
export async function getPostForStats({ postId }: { postId: number }) {
  const [row] = await getDb()
    .select({ id: posts.id, slug: posts.slug, title: posts.title, status: posts.status, authorId: posts.authorId })
    .from(posts)
    .where(eq(posts.id, postId))
    .limit(1);
  return row ?? null;
}
