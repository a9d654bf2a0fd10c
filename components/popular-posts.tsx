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
        <ol className="popular-posts" data-testid="popular-posts">
          {posts.map((post) => (
            <li key={post.id}>
              {post.coverImage ? (
                // eslint-disable-next-line @next/next/no-img-element -- small local thumbnail with fixed dimensions.
                <img src={post.coverImage} alt="" width={64} height={64} loading="lazy" />
              ) : null}
              <div>
                <Link href={`/posts/${post.slug}`}>{post.title}</Link>
                <p className="meta">{post.excerpt}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
