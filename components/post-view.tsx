import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, permanentRedirect } from 'next/navigation';
import { absoluteUrl } from '@/lib/server/env';
import { pageMetadata } from '@/lib/server/metadata';
import { readPopularPosts, readPostPage, readPostRedirect, readSiteSettings } from '@/lib/services/reads';
import { slugFromParam } from '@/lib/policies/slug';
import { buildCommentTree, commentPageCount, commentPageHref, type CommentOrder } from '@/lib/policies/comment-tree';
import { visitorState, type OpenCommentForm, type ViewerState } from '@/lib/policies/viewer-state';
import { CommentArea } from './comment-area';
import { CommentSection } from './comment-section';
import { JsonLd } from './json-ld';
import { LabelLinks } from './label-links';
import { PopularPosts } from './popular-posts';
import { PostDate } from './post-date';
import { ViewBeacon } from './view-beacon';
import { SubscribeForm } from './subscribe-form';
import { ViewerProvider, type RefusedComment } from './viewer-context';

export async function loadPost(segment: string) {
  const slug = slugFromParam(segment);
  return slug === null ? null : readPostPage(slug);
}

export type PostPageData = NonNullable<Awaited<ReturnType<typeof readPostPage>>>;

export async function postMetadata(slug: string, commentPage = 1, order: CommentOrder = 'oldest'): Promise<Metadata> {
  const data = await loadPost(slug);
  if (!data) return { title: 'Post not found' };
  const { post } = data;
  return pageMetadata({
    title: post.seoTitle || post.title,
    description: post.seoDescription || post.excerpt,
    path: commentPageHref(post.slug, commentPage, order),
    image: post.coverImage,
    type: 'article',
    publishedTime: post.publishedAt,
    modifiedTime: post.updatedAt,
    authors: [absoluteUrl(`/authors/${post.author.handle}`)],
    feed: { path: `/posts/${post.slug}/comments/feed.xml`, title: `Comments on ${post.title}` },
  });
}

type PostViewProps = {
  slug: string;
  /** A draft shown to its author: rendered from this data, no view counted, no comment forms. */
  preview?: PostPageData;
  /** The page of comment threads to show; an out-of-range page is a 404. */
  commentPage?: number;
  commentOrder?: CommentOrder;
  /** Replaces the comment area (a preview's sentence). */
  commentArea?: React.ReactNode;
  /**
   * Per-request variants of the page (`?reply=`, `?edit=`, `?notice=`…): the viewer's state as the
   * server knows it, the form the address opens, the sentence an action sent back. Without it the
   * page is the shared one, and the browser asks for the viewer's state (components/viewer-context).
   */
  viewer?: { state: ViewerState; open: OpenCommentForm; notice?: string; problem?: string; refused?: RefusedComment };
};

/** The article page. The cached public route and the per-request route render it alike. */
export async function PostView({
  slug,
  preview,
  commentPage = 1,
  commentOrder = 'oldest',
  commentArea,
  viewer,
}: PostViewProps) {
  const data = preview ?? (await loadPost(slug));
  if (!data) {
    // An address the post had before its slug changed.
    const oldSlug = slugFromParam(slug);
    const moved = oldSlug === null ? null : await readPostRedirect(oldSlug);
    if (moved) permanentRedirect(commentPageHref(moved, commentPage, commentOrder));
    notFound();
  }
  const { comments } = data;
  if (commentPage > commentPageCount(buildCommentTree(comments).length)) notFound();
  const [popular, settings] = await Promise.all([readPopularPosts(), readSiteSettings()]);
  const { post, adjacent } = data;
  const url = absoluteUrl(`/posts/${post.slug}`);
  return (
    <div className="grid grid-cols-1 gap-10 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <main className="min-w-0">
        <article aria-labelledby="post-title">
          <header className="mb-6 flex flex-col gap-3">
            <h1 id="post-title" className="font-serif text-4xl font-bold leading-tight break-words">
              {post.title}
            </h1>
            <p className="text-sm text-[var(--color-muted)]">
              By{' '}
              <Link href={`/authors/${post.author.handle}`} rel="author">
                {post.author.name}
              </Link>{' '}
              · <PostDate date={post.publishedAt} prefix="Published" />
              {post.updatedAt && post.updatedAt > post.publishedAt ? (
                <>
                  {' '}
                  · <PostDate date={post.updatedAt} prefix="Updated" />
                </>
              ) : null}{' '}
              · {post.readingMinutes} min read
            </p>
            <LabelLinks labels={post.labels} />
          </header>
          {post.coverImage ? (
            // eslint-disable-next-line @next/next/no-img-element -- uploads come with their own srcset.
            <img
              src={data.cover?.src ?? post.coverImage}
              alt={post.coverAlt}
              width={data.cover?.width ?? 1200}
              height={data.cover?.height ?? 630}
              srcSet={data.cover?.srcset}
              sizes={data.cover?.sizes}
              className="mb-8 aspect-[40/21] w-full rounded-lg object-cover"
            />
          ) : null}
          <div
            className="prose max-w-none break-words dark:prose-invert"
            // Sanitised by lib/markdown when the post was saved.
            dangerouslySetInnerHTML={{ __html: post.bodyHtml }}
          />
          {preview ? null : <ViewBeacon postId={post.id} />}
        </article>
        {/* The same for every reader (no address filled in), so the cached post page stays shared. */}
        {preview ? null : (
          <aside className="mt-10 rounded-lg border border-[var(--color-line)] p-4">
            <SubscribeForm id="post-subscribe" title="Get new posts by email" />
          </aside>
        )}
        <nav
          aria-label="More posts"
          className="mt-10 grid gap-4 border-t border-[var(--color-line)] pt-6 sm:grid-cols-2"
        >
          <div>
            {adjacent.newer ? (
              <Link href={`/posts/${adjacent.newer.slug}`} rel="next" className="flex flex-col">
                <span className="text-sm text-[var(--color-muted)]">← Newer post</span>
                {adjacent.newer.title}
              </Link>
            ) : null}
          </div>
          <div className="sm:text-right">
            {adjacent.older ? (
              <Link href={`/posts/${adjacent.older.slug}`} rel="prev" className="flex flex-col">
                <span className="text-sm text-[var(--color-muted)]">Older post →</span>
                {adjacent.older.title}
              </Link>
            ) : null}
          </div>
        </nav>
        <ViewerProvider
          postId={post.id}
          slug={post.slug}
          here={commentPageHref(post.slug, commentPage, commentOrder)}
          initial={viewer?.state ?? (preview ? visitorState : undefined)}
          open={viewer?.open}
          refused={viewer?.refused}
        >
          <CommentSection
            comments={comments}
            slug={post.slug}
            page={commentPage}
            order={commentOrder}
            postOpen={post.commentsOpen && !preview}
            commentArea={
              commentArea ?? (
                <CommentArea
                  postOpen={post.commentsOpen}
                  notice={viewer?.notice}
                  // A refused comment's sentence shows under its own form instead.
                  problem={viewer?.refused ? undefined : viewer?.problem}
                />
              )
            }
          />
        </ViewerProvider>
      </main>
      <div>
        <PopularPosts posts={popular} />
      </div>
      <JsonLd
        data={{
          '@context': 'https://schema.org',
          '@type': 'BlogPosting',
          headline: post.title,
          description: post.excerpt,
          url,
          mainEntityOfPage: url,
          datePublished: post.publishedAt.toISOString(),
          dateModified: (post.updatedAt ?? post.publishedAt).toISOString(),
          author: { '@type': 'Person', name: post.author.name, url: absoluteUrl(`/authors/${post.author.handle}`) },
          publisher: { '@type': 'Organization', name: settings.title },
          ...(post.coverImage ? { image: absoluteUrl(post.coverImage) } : {}),
          keywords: post.labels.map((label) => label.name).join(', '),
          wordCount: post.bodyText.split(/\s+/).filter(Boolean).length,
          commentCount: comments.filter((comment) => comment.status === 'visible').length,
        }}
      />
    </div>
  );
}
