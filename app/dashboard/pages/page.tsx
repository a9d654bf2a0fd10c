import type { Metadata } from 'next';
import { z } from 'zod';
import { listParams } from '@/lib/validations/params';
import { Notice } from '@/components/notice';
import { WritingTable } from '@/components/writing-table';
import { ListEmpty, ListPages, ListTabs } from '@/components/admin-list';
import { listDashboardPosts } from '@/db/queries/authoring';
import { requireWriter } from '@/lib/server/access';
import { listHref, parsePageNumber } from '@/lib/policies/pagination';
import { isAdmin } from '@/lib/policies/permissions';
import { createPageAction } from '../actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Pages' };

const PER_PAGE = 20;
// Pages are published straight away (no schedule), so they have no "Scheduled" tab.
const pageFilters = ['all', 'draft', 'published', 'trashed'] as const;
const filterNames = { all: 'All', draft: 'Drafts', published: 'Published', trashed: 'Trash' } as const;
const searchSchema = z.object({
  status: z.enum(pageFilters).catch('all'),
  ...listParams,
});

type PagesDashboardProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Standalone pages (About, Contact…): authors see theirs, admins everyone's. */
export default async function PagesDashboard({ searchParams }: PagesDashboardProps) {
  const user = await requireWriter('/dashboard/pages');
  const params = searchSchema.parse(await searchParams);
  const admin = isAdmin(user);
  const page = parsePageNumber(params.page) ?? 1;
  const listing = await listDashboardPosts({
    kind: 'page',
    authorId: admin ? undefined : user.id,
    filter: params.status,
    page,
    perPage: PER_PAGE,
  });
  const hrefWith = (changes: Record<string, string | number | undefined>) =>
    listHref('/dashboard/pages', { status: params.status, ...changes }, { status: 'all' });
  const here = hrefWith({ page });

  return (
    <main className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="font-serif text-3xl font-bold">{admin ? 'All pages' : 'Your pages'}</h1>
        <form action={createPageAction}>
          <button type="submit" className="button-primary">
            New page
          </button>
        </form>
      </div>
      <p className="meta">
        Pages such as About or Contact live at /pages/&lt;slug&gt;, outside the home page, labels, archive, feeds and
        search.{admin ? ' Add them to the header menu in Site settings.' : ''}
      </p>
      <Notice notice={params.notice} problem={params.problem} />
      <ListTabs
        label="Page status"
        tabs={pageFilters.map((filter) => ({
          key: filter,
          name: filterNames[filter],
          href: hrefWith({ status: filter, page: 1 }),
          current: filter === params.status,
          count: listing.counts[filter],
        }))}
      />
      {listing.items.length === 0 ? (
        <ListEmpty>No pages here.</ListEmpty>
      ) : (
        <WritingTable items={listing.items} kind="page" admin={admin} here={here} />
      )}
      <ListPages
        page={listing.page}
        pageCount={listing.pageCount}
        hrefFor={(number) => hrefWith({ page: number })}
        label="Page list pages"
        newer="← Newer changes"
        older="Older changes →"
      />
    </main>
  );
}
