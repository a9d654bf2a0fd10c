import type { PostSummary } from '@/db/queries/posts';
import { PostItem } from './post-item';

type PostListProps = { posts: PostSummary[]; emptyMessage: string };

export function PostList({ posts, emptyMessage }: PostListProps) {
  if (posts.length === 0) return <p className="py-6 text-[var(--color-muted)]">{emptyMessage}</p>;
  return (
    <div>
      {posts.map((post) => (
        <PostItem key={post.id} post={post} />
      ))}
    </div>
  );
}
