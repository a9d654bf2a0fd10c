import 'server-only';
/** A count for one UTC day, `YYYY-MM-DD`. */
export type DayCount = { day: string; count: number };
import { getDb } from '../client';

/**
 * Whose posts the numbers cover: one author's (an author's own view), every post (an admin), and
 * perhaps one post. The caller decides from the session; these reads only filter.
 */
export type StatsScope = { authorId: string | null; postId?: number };

function scopeFilter({ authorId, postId }: StatsScope): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (authorId !== null) {
    parts.push('p.author_id = ?');
    params.push(authorId);
  }
  if (postId !== undefined) {
    parts.push('p.id = ?');
    params.push(postId);
  }
  return { sql: parts.length ? ` and ${parts.join(' and ')}` : '', params };
}

/**
 * Views per UTC day from `since` (the first day counted, `YYYY-MM-DD`), summed over the scope's posts
 * (days without views are absent).
 */
export async function listViewsPerDay({ scope, since }: { scope: StatsScope; since: string }) {
  const filter = scopeFilter(scope);
  // The (day, post_id, views) index answers the window; the join keeps the scope's posts.
  const rows = getDb()
    .$client.prepare(
      `select v.day as day, sum(v.views) as count
         from post_views v indexed by post_views_day_post_idx
         join posts p on p.id = v.post_id
        where v.day >= ?${filter.sql}
        group by v.day
        order by v.day`,
    )
    .all(since, ...filter.params) as DayCount[];
  return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
}

/**
 * Visible comments per UTC day from `since` on the scope's posts: what readers could read (held,
 * removed and deleted comments are not counted).
 */
export async function listCommentsPerDay({ scope, since }: { scope: StatsScope; since: string }) {
  const filter = scopeFilter(scope);
  const sinceTime = new Date(`${since}T00:00:00Z`).getTime();
  const rows = getDb()
    .$client.prepare(
      `select strftime('%Y-%m-%d', c.created_at / 1000, 'unixepoch') as day, count(*) as count
         from comments c
         join posts p on p.id = c.post_id
        where c.status = 'visible' and c.created_at >= ?${filter.sql}
        group by day
        order by day`,
    )
    .all(sinceTime, ...filter.params) as DayCount[];
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
  const filter = scopeFilter({ authorId });
  const rows = getDb()
    .$client.prepare(
      `select p.id, p.slug, p.title, p.status, v.views
         from (select post_id, sum(views) as views from post_views indexed by post_views_day_post_idx
                where day >= ? group by post_id) v
         join posts p on p.id = v.post_id
        where 1 = 1${filter.sql}
        order by v.views desc, p.id desc
        limit ?`,
    )
    .all(since, ...filter.params, limit) as TopPost[];
  return rows.map((row) => ({ ...row, views: Number(row.views) }));
}

/** A post the stats page may show, with its author, or null. */
export async function getPostForStats({ postId }: { postId: number }) {
  return (
    (getDb()
      .$client.prepare('select id, slug, title, status, author_id as authorId from posts where id = ?')
      .get(postId) as { id: number; slug: string; title: string; status: string; authorId: string } | undefined) ?? null
  );
}
