import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { pageMetadata } from '@/lib/server/metadata';
import { pagedHref, parsePageNumber } from '@/lib/policies/pagination';
import { readLabelPage, readPopularPosts } from '@/lib/services/reads';
import { slugFromParam } from '@/lib/policies/slug';
import { ListingLayout } from './listing-layout';
import { PopularPosts } from './popular-posts';

export type LabelRouteParams = { label: string; page?: string };

const labelHref = (slug: string) => pagedHref(`/labels/${slug}`);

async function load({ label, page: pageParam }: LabelRouteParams) {
  const page = parsePageNumber(pageParam);
  const slug = slugFromParam(label);
  if (page === null || slug === null) return null;
  const data = await readLabelPage(slug, page);
  if (!data || page > data.posts.pageCount) return null;
  return { ...data, page };
}

export async function labelMetadata(params: LabelRouteParams): Promise<Metadata> {
  const data = await load(params);
  if (!data) return { title: 'Label not found' };
  const title =
    data.page === 1 ? `Posts labelled ${data.label.name}` : `Posts labelled ${data.label.name}, page ${data.page}`;
  return pageMetadata({
    title,
    description: `${data.posts.total} posts labelled ${data.label.name}.`,
    path: labelHref(data.label.slug)(data.page),
    feed: { path: `/labels/${data.label.slug}/feed.xml`, title: `RSS: ${data.label.name}` },
  });
}

export async function LabelListing({ params }: { params: LabelRouteParams }) {
  const data = await load(params);
  if (!data) notFound();
  const popular = await readPopularPosts();
  const { label, posts, page } = data;
  return (
    <ListingLayout
      heading={`Posts labelled “${label.name}”`}
      intro={
        <p>
          {posts.total} {posts.total === 1 ? 'post' : 'posts'} ·{' '}
          <a href={`/labels/${label.slug}/feed.xml`}>RSS feed for this label</a>
        </p>
      }
      aside={<PopularPosts posts={popular} />}
      posts={{ items: posts.items, empty: 'No published posts carry this label.' }}
      pages={{ page, pageCount: posts.pageCount, hrefFor: labelHref(label.slug), label: 'Label pages' }}
    />
  );
}
