import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { z } from 'zod';
import { changeRoleAction, deleteUserAction } from '@/app/moderation/actions';
import { Notice } from '@/components/notice';
import { PaginationNav } from '@/components/pagination-nav';
import { searchUsers } from '@/db/queries/users';
import { roles } from '@/db/schema';
import { requireModerator } from '@/lib/access';
import { formatDate, formatDateTime } from '@/lib/format';
import { isBanned, PERMANENT_BAN_UNTIL } from '@/lib/moderation-policy';
import { parsePageNumber } from '@/lib/pagination';
import { isAdmin } from '@/lib/permissions';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({
  q: z.string().trim().max(200).catch(''),
  page: z.string().optional().catch(undefined),
  notice: z.string().max(300).optional().catch(undefined),
  problem: z.string().max(300).optional().catch(undefined),
});

type UsersPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Admins manage people: find them, see role and standing, change role, ban, delete. */
export default async function AdminUsersPage({ searchParams }: UsersPageProps) {
  const user = await requireModerator('/admin/users');
  if (!isAdmin(user)) forbidden();
  const params = searchSchema.parse(await searchParams);
  const page = parsePageNumber(params.page) ?? 1;
  const listing = searchUsers({ query: params.q, page, perPage: 50 });
  const hrefFor = (number: number) =>
    `/admin/users?${new URLSearchParams({ ...(params.q ? { q: params.q } : {}), ...(number > 1 ? { page: String(number) } : {}) })}`;
  const here = hrefFor(page);
  const now = new Date();
  return (
    <main className="flex flex-col gap-5">
      <h1 className="font-serif text-3xl font-bold">Users</h1>
      <Notice notice={params.notice} problem={params.problem} />
      <form method="get" action="/admin/users" role="search" className="flex items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          Name, handle or email
          <input name="q" type="search" defaultValue={params.q} className="input" />
        </label>
        <button type="submit" className="button-secondary">
          Search
        </button>
      </form>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-[var(--color-line)]">
            <tr>
              <th scope="col" className="py-2 pr-3">
                Person
              </th>
              <th scope="col" className="py-2 pr-3">
                Joined
              </th>
              <th scope="col" className="py-2 pr-3">
                Activity
              </th>
              <th scope="col" className="py-2 pr-3">
                Status
              </th>
              <th scope="col" className="py-2 pr-3">
                Role
              </th>
              <th scope="col" className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listing.items.map((person) => {
              const name = person.name ?? person.handle;
              return (
                <tr key={person.id} className="border-b border-[var(--color-line)] align-top">
                  <td className="py-2 pr-3">
                    <strong>{name}</strong>
                    <span className="meta block">
                      @{person.handle} · {person.email}
                    </span>
                  </td>
                  <td className="py-2 pr-3">{formatDate(person.createdAt)}</td>
                  <td className="py-2 pr-3">
                    {person.comments} comments · {person.posts} posts
                  </td>
                  <td className="py-2 pr-3">
                    {isBanned(person, now)
                      ? `Banned ${person.bannedUntil! < PERMANENT_BAN_UNTIL ? `until ${formatDateTime(person.bannedUntil!)}` : 'permanently'}`
                      : 'Active'}
                  </td>
                  <td className="py-2 pr-3">
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
                  <td className="py-2">
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
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <PaginationNav
        page={listing.page}
        pageCount={listing.pageCount}
        hrefFor={hrefFor}
        label="User pages"
        newer="← Newer"
        older="Older →"
      />
    </main>
  );
}
