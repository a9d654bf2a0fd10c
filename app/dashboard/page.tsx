import Link from 'next/link';
import { z } from 'zod';
import { PaginationNav } from '@/components/pagination-nav';
import { dashboardFilters, listDashboardPosts, listPostAuthors, type DashboardFilter } from '@/db/queries/authoring';
import { requireWriter } from '@/lib/access';
import { formatDateTime } from '@/lib/format';
import { parsePageNumber } from '@/lib/pagination';
import { isAdmin } from '@/lib/permissions';
import { createPostAction, emptyTrashAction, restoreFromListAction, trashFromListAction } from './actions';

export const dynamic = 'force-dynamic';

const PER_PAGE = 20;

const filterNames: Record<DashboardFilter, string> = {
  all: 'All',
  draft: 'Drafts',
  scheduled: 'Scheduled',
  published: 'Published',
  trashed: 'Trash',
};

const statusNames = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published', trashed: 'In trash' } as const;

const searchSchema = z.object({
  status: z.enum(dashboardFilters).catch('all'),
  q: z.string().trim().max(200).catch(''),
  author: z.string().max(64).catch(''),
  page: z.string().optional().catch(undefined),
  notice: z.string().max(200).optional().catch(undefined),
});

type DashboardProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: DashboardProps) {
  const user = await requireWriter('/dashboard');
  const params = searchSchema.parse(await searchParams);
  const admin = isAdmin(user);
  const page = parsePageNumber(params.page) ?? 1;
  const authorId = admin ? params.author || undefined : user.id;
  const listing = listDashboardPosts({ authorId, filter: params.status, query: params.q, page, perPage: PER_PAGE });
  const authors = admin ? listPostAuthors() : [];

  const hrefWith = (changes: Record<string, string | number | undefined>) => {
    const query = new URLSearchParams();
    const merged = { status: params.status, q: params.q, author: admin ? params.author : '', ...changes };
    for (const [key, value] of Object.entries(merged)) {
      if (
        value !== undefined &&
        value !== '' &&
        !(key === 'status' && value === 'all') &&
        !(key === 'page' && String(value) === '1')
      )
        query.set(key, String(value));
    }
    const text = query.toString();
    return text ? `/dashboard?${text}` : '/dashboard';
  };
  const here = hrefWith({ page });

  return (
    <main className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="font-serif text-3xl font-bold">{admin ? 'All posts' : 'Your posts'}</h1>
        <form action={createPostAction}>
          <button type="submit" className="button-primary">
            New post
          </button>
        </form>
      </div>
      {params.notice ? (
        <p role="status" className="rounded border border-[var(--color-line)] bg-[var(--color-accent-soft)] p-3">
          {params.notice}
        </p>
      ) : null}
      <nav aria-label="Post status" className="flex flex-wrap gap-2 text-sm">
        {dashboardFilters.map((filter) => (
          <Link
            key={filter}
            href={hrefWith({ status: filter, page: 1 })}
            aria-current={filter === params.status ? 'page' : undefined}
            className="chip aria-[current=page]:bg-[var(--color-accent)] aria-[current=page]:text-[var(--color-paper)]"
          >
            {filterNames[filter]} ({listing.counts[filter]})
          </Link>
        ))}
      </nav>
      <form method="get" action="/dashboard" role="search" className="flex flex-wrap items-end gap-3">
        {params.status !== 'all' ? <input type="hidden" name="status" value={params.status} /> : null}
        <label className="flex flex-col gap-1 text-sm">
          Search titles
          <input name="q" type="search" defaultValue={params.q} className="input" />
        </label>
        {admin ? (
          <label className="flex flex-col gap-1 text-sm">
            Author
            <select name="author" defaultValue={params.author} className="input">
              <option value="">Everyone</option>
              {authors.map((author) => (
                <option key={author.id} value={author.id}>
                  {author.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" className="button-secondary">
          Filter
        </button>
      </form>
      {params.status === 'trashed' && admin && listing.total > 0 ? (
        <form action={emptyTrashAction}>
          <input type="hidden" name="returnTo" value={here} />
          <button type="submit" className="button-danger">
            Empty trash (delete {listing.counts.trashed} for good)
          </button>
        </form>
      ) : null}
      {listing.items.length === 0 ? (
        <p className="meta">No posts here{params.q ? ` with “${params.q}” in the title` : ''}.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-[var(--color-line)]">
              <tr>
                <th scope="col" className="py-2 pr-4">
                  Title
                </th>
                <th scope="col" className="py-2 pr-4">
                  Status
                </th>
                {admin ? (
                  <th scope="col" className="py-2 pr-4">
                    Author
                  </th>
                ) : null}
                <th scope="col" className="py-2 pr-4">
                  Last change
                </th>
                <th scope="col" className="py-2 pr-4 text-right">
                  Comments
                </th>
                <th scope="col" className="py-2 pr-4 text-right">
                  Views
                </th>
                <th scope="col" className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listing.items.map((post) => (
                <tr key={post.id} className="border-b border-[var(--color-line)] align-top">
                  <td className="py-2 pr-4">
                    {post.status === 'trashed' ? (
                      <span>{post.title || 'Untitled'}</span>
                    ) : (
                      <Link href={`/dashboard/posts/${post.id}`} className="font-medium">
                        {post.title || 'Untitled'}
                      </Link>
                    )}
                    {post.status === 'published' ? (
                      <>
                        {' '}
                        · <Link href={`/posts/${post.slug}`}>view</Link>
                      </>
                    ) : null}
                    {post.status === 'published' || post.views > 0 ? (
                      <>
                        {' '}
                        ·{' '}
                        <Link href={`/dashboard/stats?post=${post.id}`}>
                          stats<span className="sr-only"> for “{post.title || 'Untitled'}”</span>
                        </Link>
                      </>
                    ) : null}
                  </td>
                  <td className="py-2 pr-4">
                    {statusNames[post.status]}
                    {post.pendingChanges ? ' (unpublished changes)' : ''}
                    {post.status === 'scheduled' && post.publishedAt ? (
                      <span className="meta block">for {formatDateTime(post.publishedAt)}</span>
                    ) : null}
                    {post.status === 'published' && post.publishedAt ? (
                      <span className="meta block">{formatDateTime(post.publishedAt)}</span>
                    ) : null}
                  </td>
                  {admin ? <td className="py-2 pr-4">{post.authorName}</td> : null}
                  <td className="py-2 pr-4">{formatDateTime(post.editedAt ?? post.createdAt)}</td>
                  <td className="py-2 pr-4 text-right">{post.commentCount}</td>
                  <td className="py-2 pr-4 text-right">{post.views}</td>
                  <td className="py-2">
                    <form action={post.status === 'trashed' ? restoreFromListAction : trashFromListAction}>
                      <input type="hidden" name="postId" value={post.id} />
                      <input type="hidden" name="returnTo" value={here} />
                      <button type="submit" className="underline">
                        {post.status === 'trashed' ? 'Restore' : 'Trash'}
                        <span className="sr-only"> “{post.title || 'Untitled'}”</span>
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PaginationNav
        page={listing.page}
        pageCount={listing.pageCount}
        hrefFor={(number) => hrefWith({ page: number })}
        label="Post pages"
        newer="← Newer changes"
        older="Older changes →"
      />
    </main>
  );
}
