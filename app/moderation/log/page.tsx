import Link from 'next/link';
import { z } from 'zod';
import { PaginationNav } from '@/components/pagination-nav';
import { listModerationLog } from '@/db/queries/moderation';
import { moderationActions } from '@/db/schema';
import { requireModerator } from '@/lib/access';
import { formatDateTime } from '@/lib/format';
import { parsePageNumber } from '@/lib/pagination';
import { moderationActionLabels } from './action-labels';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({
  action: z.enum(moderationActions).optional().catch(undefined),
  actor: z.string().trim().max(100).catch(''),
  target: z.string().trim().max(100).catch(''),
  page: z.string().optional().catch(undefined),
});

type LogPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every moderation action, newest first. Read-only here and in the database (triggers refuse changes). */
export default async function ModerationLogPage({ searchParams }: LogPageProps) {
  await requireModerator('/moderation/log');
  const params = searchSchema.parse(await searchParams);
  const page = parsePageNumber(params.page) ?? 1;
  const log = listModerationLog({
    ...params,
    actor: params.actor || undefined,
    target: params.target || undefined,
    page,
    perPage: 50,
  });
  const hrefFor = (number: number) => {
    const query = new URLSearchParams();
    if (params.action) query.set('action', params.action);
    if (params.actor) query.set('actor', params.actor);
    if (params.target) query.set('target', params.target);
    if (number > 1) query.set('page', String(number));
    return `/moderation/log?${query.toString()}`;
  };
  return (
    <main className="flex flex-col gap-5">
      <h1 className="font-serif text-3xl font-bold">Audit log</h1>
      <form method="get" action="/moderation/log" role="search" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          Action
          <select name="action" defaultValue={params.action ?? ''} className="input">
            <option value="">Any</option>
            {moderationActions.map((action) => (
              <option key={action} value={action}>
                {moderationActionLabels[action]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          By
          <input name="actor" defaultValue={params.actor} className="input" />
        </label>
        <label className="flex flex-col gap-1">
          About (person)
          <input name="target" defaultValue={params.target} className="input" />
        </label>
        <button type="submit" className="button-secondary">
          Filter
        </button>
      </form>
      {log.items.length === 0 ? (
        <p className="meta">No entries.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-[var(--color-line)]">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  When
                </th>
                <th scope="col" className="py-2 pr-3">
                  Who
                </th>
                <th scope="col" className="py-2 pr-3">
                  Action
                </th>
                <th scope="col" className="py-2 pr-3">
                  Comment
                </th>
                <th scope="col" className="py-2 pr-3">
                  Person
                </th>
                <th scope="col" className="py-2 pr-3">
                  Reason
                </th>
                <th scope="col" className="py-2">
                  Details
                </th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((entry) => (
                <tr key={entry.id} className="border-b border-[var(--color-line)] align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(entry.createdAt)}</td>
                  <td className="py-2 pr-3">{entry.actorName}</td>
                  <td className="py-2 pr-3">{moderationActionLabels[entry.action]}</td>
                  <td className="py-2 pr-3">
                    {entry.commentId ? <Link href={`/comments/${entry.commentId}`}>#{entry.commentId}</Link> : ''}
                  </td>
                  <td className="py-2 pr-3">
                    {entry.targetUserId ? (
                      <Link href={`/moderation/users/${entry.targetUserId}`}>{entry.targetName ?? 'account'}</Link>
                    ) : (
                      (entry.targetName ?? '')
                    )}
                  </td>
                  <td className="py-2 pr-3">{entry.reason}</td>
                  <td className="py-2 break-all">{entry.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PaginationNav
        page={log.page}
        pageCount={log.pageCount}
        hrefFor={hrefFor}
        label="Log pages"
        newer="← Newer"
        older="Older →"
      />
    </main>
  );
}
