import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ListingLayout } from '@/components/listing-layout';
import { PopularPosts } from '@/components/popular-posts';
import { pageMetadata } from '@/lib/server/metadata';
import { pagedHref, parsePageNumber } from '@/lib/policies/pagination';
import { readHomePage, readPopularPosts, readSiteSettings } from '@/lib/services/reads';

// The home page. `/` is rewritten here (next.config.ts) so that no listing is rendered at build
// time from whatever database the build saw: every page is rendered on first request, cached,
// and re-rendered after a write invalidates its tags.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type HomePageProps = { params: Promise<{ page: string }> };

const homeHref = pagedHref('/');

export async function generateMetadata({ params }: HomePageProps): Promise<Metadata> {
  const page = parsePageNumber((await params).page) ?? 1;
  const settings = await readSiteSettings();
  const metadata = pageMetadata({
    title: page === 1 ? settings.title : `Page ${page}`,
    description: settings.description,
    path: homeHref(page),
    feed: { path: '/comments/feed.xml', title: 'Comments' },
  });
  // The home page's title is the blog's name alone, not "Name · Name".
  return page === 1 ? { ...metadata, title: { absolute: settings.title } } : metadata;
}

export default async function HomePage({ params }: HomePageProps) {
  const page = parsePageNumber((await params).page);
  if (page === null) notFound();
  const [posts, popular, settings] = await Promise.all([readHomePage(page), readPopularPosts(), readSiteSettings()]);
  if (page > posts.pageCount) notFound();
  return (
    <ListingLayout
      heading={page === 1 ? 'Latest posts' : `Latest posts, page ${page}`}
      intro={page === 1 ? settings.description : undefined}
      aside={<PopularPosts posts={popular} />}
      posts={{ items: posts.items, empty: 'Nothing has been published yet.' }}
      pages={{ page, pageCount: posts.pageCount, hrefFor: homeHref, label: 'Post pages' }}
    />
  );
}
