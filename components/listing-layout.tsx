import type { PostSummary } from '@/db/queries/posts';
import { PaginationNav } from './pagination-nav';
import { PostList } from './post-list';

type ListingLayoutProps = {
  heading: React.ReactNode;
  intro?: React.ReactNode;
  aside?: React.ReactNode;
  /** The posts listed, with what to say when there are none. */
  posts?: { items: PostSummary[]; empty: string; heading?: string };
  /** Newer/older pages of the list. */
  pages?: { page: number; pageCount: number; hrefFor: (page: number) => string; label: string };
  children?: React.ReactNode;
};

/**
 * Every listing page — home, label, author, archive — is this one component: a heading and intro,
 * the posts in one shape, their pages, and an optional sidebar (Popular posts).
 */
export function ListingLayout({ heading, intro, aside, posts, pages, children }: ListingLayoutProps) {
  return (
    <div className="grid grid-cols-1 gap-10 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <main className="min-w-0">
        <h1 className="font-serif text-3xl font-bold">{heading}</h1>
        {intro ? <div className="mt-2 text-[var(--color-muted)]">{intro}</div> : null}
        {posts?.heading ? <h2 className="mt-8 font-serif text-xl font-bold">{posts.heading}</h2> : null}
        {posts ? <PostList posts={posts.items} emptyMessage={posts.empty} /> : null}
        {pages ? <PaginationNav {...pages} /> : null}
        {children}
      </main>
      {aside ? <div>{aside}</div> : null}
    </div>
  );
}
