import { z } from 'zod';
import { listParams } from '@/lib/validations/params';
import { Notice } from '@/components/notice';
import { WritingTable } from '@/components/writing-table';
import { FilterField, ListEmpty, ListFilters, ListPages, ListTabs } from '@/components/admin-list';
import { dashboardFilters, listDashboardPosts, listPostAuthors, type DashboardFilter } from '@/db/queries/authoring';
import { requireWriter } from '@/lib/server/access';
import { listHref, parsePageNumber } from '@/lib/policies/pagination';
import { isAdmin } from '@/lib/policies/permissions';
import { createPostAction, emptyTrashAction } from './actions';

export const dynamic = 'force-dynamic';

const PER_PAGE = 20;

const filterNames: Record<DashboardFilter, string> = {
  all: 'All',
  draft: 'Drafts',
  scheduled: 'Scheduled',
  published: 'Published',
  trashed: 'Trash',
};

const searchSchema = z.object({
  status: z.enum(dashboardFilters).catch('all'),
  q: z.string().trim().max(200).catch(''),
  author: z.string().max(64).catch(''),
  ...listParams,
});

type DashboardProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: DashboardProps) {
  const user = await requireWriter('/dashboard');
  const params = searchSchema.parse(await searchParams);
  const admin = isAdmin(user);
  const page = parsePageNumber(params.page) ?? 1;
  const authorId = admin ? params.author || undefined : user.id;
  const listing = await listDashboardPosts({
    authorId,
    filter: params.status,
    query: params.q,
    page,
    perPage: PER_PAGE,
  });
  const authors = admin ? await listPostAuthors() : [];

  const hrefWith = (changes: Record<string, string | number | undefined>) =>
    listHref(
      '/dashboard',
      { status: params.status, q: params.q, author: admin ? params.author : '', ...changes },
      { status: 'all' },
    );
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
      <Notice notice={params.notice} problem={params.problem} />
      <ListTabs
        label="Post status"
        tabs={dashboardFilters.map((filter) => ({
          key: filter,
          name: filterNames[filter],
          href: hrefWith({ status: filter, page: 1 }),
          current: filter === params.status,
          count: listing.counts[filter],
        }))}
      />
      <ListFilters
        action="/dashboard"
        keep={{ status: params.status === 'all' ? undefined : params.status }}
        submit="Filter"
      >
        <FilterField label="Search titles">
          <input name="q" type="search" defaultValue={params.q} className="input" />
        </FilterField>
        {admin ? (
          <FilterField label="Author">
            <select name="author" defaultValue={params.author} className="input">
              <option value="">Everyone</option>
              {authors.map((author) => (
                <option key={author.id} value={author.id}>
                  {author.name}
                </option>
              ))}
            </select>
          </FilterField>
        ) : null}
      </ListFilters>
      {params.status === 'trashed' && admin && listing.total > 0 ? (
        <form action={emptyTrashAction}>
          <input type="hidden" name="returnTo" value={here} />
          <button type="submit" className="button-danger">
            Empty trash (delete {listing.counts.trashed} for good)
          </button>
        </form>
      ) : null}
      {listing.items.length === 0 ? (
        <ListEmpty>No posts here{params.q ? ` with “${params.q}” in the title` : ''}.</ListEmpty>
      ) : (
        <WritingTable items={listing.items} kind="post" admin={admin} here={here} />
      )}
      <ListPages
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
