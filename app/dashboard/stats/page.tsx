import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden, notFound } from 'next/navigation';
import { DailyChart } from '@/components/stats-chart';
import {
  getPostForStats,
  listCommentsPerDay,
  listTopPosts,
  listViewsPerDay,
  type StatsScope,
} from '@/db/queries/stats';
import { requireWriter } from '@/lib/server/access';
import { plural } from '@/lib/policies/format';
import { canEditPost, isAdmin } from '@/lib/policies/permissions';
import {
  fillDays,
  statsParamsSchema,
  statsRanges,
  DEFAULT_STATS_RANGE,
  totalOf,
  windowStart,
} from '@/lib/policies/stats';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Stats' };

const TOP_POSTS = 10;

type StatsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function statsHref(range: number, postId?: number): string {
  const query = new URLSearchParams();
  if (range !== DEFAULT_STATS_RANGE) query.set('range', String(range));
  if (postId !== undefined) query.set('post', String(postId));
  const text = query.toString();
  return text ? `/dashboard/stats?${text}` : '/dashboard/stats';
}

/**
 * Views and comments per day, for the blog or one post. Authors see their own posts' numbers,
 * admins every post's: the scope is decided here from the session, never from the address.
 */
export default async function StatsPage({ searchParams }: StatsPageProps) {
  const { range, post: postId } = statsParamsSchema.parse(await searchParams);
  const user = await requireWriter(statsHref(range, postId));
  const admin = isAdmin(user);
  const post = postId === undefined ? null : await getPostForStats({ postId });
  if (postId !== undefined && !post) notFound();
  if (post && !canEditPost(user, post)) forbidden();

  const scope: StatsScope = { authorId: admin ? null : user.id, ...(post ? { postId: post.id } : {}) };
  const now = new Date();
  const views = fillDays(await listViewsPerDay({ scope, since: windowStart(range, now) }), range, now);
  const comments = fillDays(await listCommentsPerDay({ scope, since: windowStart(range, now) }), range, now);
  const topPosts = post
    ? []
    : await listTopPosts({ authorId: scope.authorId, since: windowStart(range, now), limit: TOP_POSTS });
  const whose = post ? `“${post.title || 'Untitled'}”` : admin ? 'All posts' : 'Your posts';

  return (
    <main className="flex flex-col gap-8">
      <div className="flex flex-col gap-2">
        <h1 className="font-serif text-3xl font-bold">Stats: {whose}</h1>
        {post ? (
          <p className="text-sm">
            <Link href={statsHref(range)}>← {admin ? 'All posts' : 'All your posts'}</Link>
            {post.status === 'published' ? (
              <>
                {' '}
                · <Link href={`/posts/${post.slug}`}>view the post</Link>
              </>
            ) : null}
          </p>
        ) : null}
        <p className="meta">
          {plural(totalOf(views), 'view')} and {plural(totalOf(comments), 'comment')} in the last {range} days (days are
          UTC).
        </p>
      </div>
      <nav aria-label="Period" className="flex flex-wrap gap-2 text-sm">
        {statsRanges.map((days) => (
          <Link
            key={days}
            href={statsHref(days, post?.id)}
            aria-current={days === range ? 'page' : undefined}
            className="chip aria-[current=page]:bg-[var(--color-accent)] aria-[current=page]:text-[var(--color-paper)]"
          >
            {days} days
          </Link>
        ))}
      </nav>
      <DailyChart title="Views per day" unit="views" series={views} />
      <DailyChart title="Comments per day" unit="comments" series={comments} />
      {post ? null : (
        <section aria-labelledby="top-posts-heading" className="flex flex-col gap-3">
          <h2 id="top-posts-heading" className="font-serif text-xl font-bold">
            Top posts
          </h2>
          {topPosts.length === 0 ? (
            <p className="meta">No views in the last {range} days.</p>
          ) : (
            <table className="w-full text-left text-sm" aria-labelledby="top-posts-heading">
              <thead className="border-b border-[var(--color-line)]">
                <tr>
                  <th scope="col" className="py-2 pr-4">
                    Post
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right">
                    Views
                  </th>
                </tr>
              </thead>
              <tbody>
                {topPosts.map((top) => (
                  <tr key={top.id} className="border-b border-[var(--color-line)]">
                    <th scope="row" className="py-2 pr-4 font-normal">
                      <Link href={statsHref(range, top.id)}>{top.title || 'Untitled'}</Link>
                    </th>
                    <td className="py-2 pr-4 text-right">{top.views}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </main>
  );
}
