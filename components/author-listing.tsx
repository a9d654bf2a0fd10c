import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { pageMetadata } from '@/lib/server/metadata';
import { pagedHref, parsePageNumber } from '@/lib/policies/pagination';
import { readAuthorPage } from '@/lib/services/reads';
import { slugFromParam } from '@/lib/policies/slug';
import { ListingLayout } from './listing-layout';

export type AuthorRouteParams = { handle: string; page?: string };

const authorHref = (handle: string) => pagedHref(`/authors/${handle}`);

async function load({ handle, page: pageParam }: AuthorRouteParams) {
  const page = parsePageNumber(pageParam);
  const slug = slugFromParam(handle);
  if (page === null || slug === null) return null;
  const data = await readAuthorPage(slug, page);
  if (!data || page > data.posts.pageCount) return null;
  return { ...data, page };
}

export async function authorMetadata(params: AuthorRouteParams): Promise<Metadata> {
  const data = await load(params);
  if (!data) return { title: 'Author not found' };
  const name = data.author.name ?? data.author.handle;
  return pageMetadata({
    title: data.page === 1 ? name : `${name}, page ${data.page}`,
    description: data.author.bio || `Posts by ${name}.`,
    path: authorHref(data.author.handle)(data.page),
  });
}

export async function AuthorListing({ params }: { params: AuthorRouteParams }) {
  const data = await load(params);
  if (!data) notFound();
  const { author, posts, page } = data;
  const name = author.name ?? author.handle;
  return (
    <ListingLayout
      heading={name}
      intro={
        <>
          {author.bio ? <p className="text-[var(--color-ink)]">{author.bio}</p> : null}
          <p>
            {posts.total} published {posts.total === 1 ? 'post' : 'posts'}
          </p>
        </>
      }
      posts={{ items: posts.items, empty: `${name} has not published anything yet.`, heading: `Posts by ${name}` }}
      pages={{ page, pageCount: posts.pageCount, hrefFor: authorHref(author.handle), label: 'Author pages' }}
    />
  );
}
