import Link from 'next/link';
import type { PopularPost } from '@/db/queries/views';

type PopularPostsProps = { posts: PopularPost[] };

/** The Popular posts widget: most viewed posts of the last 30 days, ranked from our own view counts. */
export function PopularPosts({ posts }: PopularPostsProps) {
  return (
    <aside
      aria-labelledby="popular-posts-heading"
      className="rounded-lg border border-[var(--color-line)] bg-[var(--color-card)] p-4"
    >
      <h2 id="popular-posts-heading" className="mb-3 font-serif text-lg font-bold">
        Popular posts
      </h2>
      {posts.length === 0 ? (
        <p className="text-sm text-[var(--color-muted)]">No views counted yet.</p>
      ) : (
        <ol className="flex flex-col gap-4" data-testid="popular-posts">
          {posts.map((post) => (
            <li key={post.id} className="flex gap-3">
              {post.coverImage ? (
                // eslint-disable-next-line @next/next/no-img-element -- small local thumbnail with fixed dimensions.
                <img
                  src={post.coverImage}
                  alt=""
                  width={64}
                  height={64}
                  loading="lazy"
                  className="h-16 w-16 shrink-0 rounded object-cover"
                />
              ) : null}
              <div className="min-w-0">
                <Link href={`/posts/${post.slug}`} className="font-medium">
                  {post.title}
                </Link>
                <p className="meta truncate">{post.excerpt}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
