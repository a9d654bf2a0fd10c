import Link from 'next/link';
import type { PostSummary } from '@/db/queries/posts';
import { plural } from '@/lib/policies/format';
import { LabelLinks } from './label-links';
import { PostDate } from './post-date';

type PostItemProps = { post: PostSummary; headingLevel?: 'h2' | 'h3' };

export function PostItem({ post, headingLevel: Heading = 'h2' }: PostItemProps) {
  return (
    <article className="post-card">
      {post.coverImage ? (
        // eslint-disable-next-line @next/next/no-img-element -- covers are local files sized by CSS; no optimiser round-trip.
        <img src={post.coverImage} alt="" width={192} height={108} loading="lazy" className="post-card-cover" />
      ) : null}
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <Heading className="post-card-title">
          <Link href={`/posts/${post.slug}`}>{post.title}</Link>
        </Heading>
        <p className="meta">
          <PostDate date={post.publishedAt} /> · by{' '}
          <Link href={`/authors/${post.author.handle}`} rel="author">
            {post.author.name}
          </Link>{' '}
          · {post.readingMinutes} min read ·{' '}
          <Link href={`/posts/${post.slug}#comments`}>{plural(post.commentCount, 'comment')}</Link>
        </p>
        <p className="break-words">{post.excerpt}</p>
        <LabelLinks labels={post.labels} />
      </div>
    </article>
  );
}
