import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { z } from 'zod';
import { listParams } from '@/lib/validations/params';
import { changeRoleAction, deleteUserAction } from '@/app/moderation/actions';
import { FilterField, ListFilters, ListPages, ListTable } from '@/components/admin-list';
import { Notice } from '@/components/notice';
import { searchUsers } from '@/db/queries/users';
import { roles } from '@/db/schema';
import { requireModerator } from '@/lib/server/access';
import { formatDate, formatDateTime } from '@/lib/policies/format';
import { isBanned, PERMANENT_BAN_UNTIL } from '@/lib/policies/moderation-policy';
import { listHref, parsePageNumber } from '@/lib/policies/pagination';
import { isAdmin } from '@/lib/policies/permissions';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({
  q: z.string().trim().max(200).catch(''),
  ...listParams,
});

type UsersPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Admins manage people: find them, see role and standing, change role, ban, delete. */
export default async function AdminUsersPage({ searchParams }: UsersPageProps) {
  const user = await requireModerator('/admin/users');
  if (!isAdmin(user)) forbidden();
  const params = searchSchema.parse(await searchParams);
  const page = parsePageNumber(params.page) ?? 1;
  const listing = await searchUsers({ query: params.q, page, perPage: 50 });
  const hrefFor = (number: number) => listHref('/admin/users', { q: params.q, page: number });
  const here = hrefFor(page);
  const now = new Date();
  return (
    <main className="flex flex-col gap-5">
      <h1 className="font-serif text-3xl font-bold">Users</h1>
      <Notice notice={params.notice} problem={params.problem} />
      <ListFilters action="/admin/users" submit="Search">
        <FilterField label="Name, handle or email">
          <input name="q" type="search" defaultValue={params.q} className="input" />
        </FilterField>
      </ListFilters>
      <ListTable
        columns={[
          { header: 'Person' },
          { header: 'Joined' },
          { header: 'Activity' },
          { header: 'Status' },
          { header: 'Role' },
          { header: 'Actions', hidden: true },
        ]}
        rows={listing.items}
        rowKey={(person) => person.id}
        row={(person) => {
          const name = person.name ?? person.handle;
          return (
            <>
              <td>
                <strong>{name}</strong>
                <span className="meta block">
                  @{person.handle} · {person.email}
                </span>
              </td>
              <td>{formatDate(person.createdAt)}</td>
              <td>
                {person.comments} comments · {person.posts} posts
              </td>
              <td>
                {isBanned(person, now)
                  ? `Banned ${person.bannedUntil! < PERMANENT_BAN_UNTIL ? `until ${formatDateTime(person.bannedUntil!)}` : 'permanently'}`
                  : 'Active'}
              </td>
              <td>
                <form action={changeRoleAction} className="flex items-center gap-2">
                  <input type="hidden" name="userId" value={person.id} />
                  <input type="hidden" name="returnTo" value={here} />
                  <label className="sr-only" htmlFor={`role-${person.id}`}>
                    Role of {name}
                  </label>
                  <select id={`role-${person.id}`} name="role" defaultValue={person.role} className="input py-0.5">
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="underline">
                    Save<span className="sr-only"> role of {name}</span>
                  </button>
                </form>
              </td>
              <td>
                <div className="flex flex-wrap gap-3">
                  <Link href={`/moderation/users/${person.id}`}>
                    Ban…<span className="sr-only"> {name}</span>
                  </Link>
                  <form action={deleteUserAction}>
                    <input type="hidden" name="userId" value={person.id} />
                    <input type="hidden" name="returnTo" value={here} />
                    <label className="mr-2">
                      <input type="checkbox" name="confirm" /> sure
                      <span className="sr-only"> to delete {name}</span>
                    </label>
                    <button type="submit" className="underline text-red-800 dark:text-red-300">
                      Delete<span className="sr-only"> {name}</span>
                    </button>
                  </form>
                </div>
              </td>
            </>
          );
        }}
      />
      <ListPages page={listing.page} pageCount={listing.pageCount} hrefFor={hrefFor} label="User pages" />
    </main>
  );
}
