import Link from 'next/link';
import { z } from 'zod';
import { FilterField, ListEmpty, ListFilters, ListPages, ListTable } from '@/components/admin-list';
import { listModerationLog } from '@/db/queries/moderation';
import { moderationActions } from '@/db/schema';
import { requireModerator } from '@/lib/server/access';
import { formatDateTime } from '@/lib/policies/format';
import { listHref, parsePageNumber } from '@/lib/policies/pagination';
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
  const log = await listModerationLog({
    ...params,
    actor: params.actor || undefined,
    target: params.target || undefined,
    page,
    perPage: 50,
  });
  const hrefFor = (number: number) =>
    listHref('/moderation/log', { action: params.action, actor: params.actor, target: params.target, page: number });
  return (
    <main className="flex flex-col gap-5">
      <h1 className="font-serif text-3xl font-bold">Audit log</h1>
      <ListFilters action="/moderation/log" submit="Filter">
        <FilterField label="Action">
          <select name="action" defaultValue={params.action ?? ''} className="input">
            <option value="">Any</option>
            {moderationActions.map((action) => (
              <option key={action} value={action}>
                {moderationActionLabels[action]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="By">
          <input name="actor" defaultValue={params.actor} className="input" />
        </FilterField>
        <FilterField label="About (person)">
          <input name="target" defaultValue={params.target} className="input" />
        </FilterField>
      </ListFilters>
      {log.items.length === 0 ? (
        <ListEmpty>No entries.</ListEmpty>
      ) : (
        <ListTable
          columns={[
            { header: 'When' },
            { header: 'Who' },
            { header: 'Action' },
            { header: 'Comment' },
            { header: 'Person' },
            { header: 'Reason' },
            { header: 'Details' },
          ]}
          rows={log.items}
          rowKey={(entry) => entry.id}
          row={(entry) => (
            <>
              <td className="whitespace-nowrap">{formatDateTime(entry.createdAt)}</td>
              <td>{entry.actorName}</td>
              <td>{moderationActionLabels[entry.action]}</td>
              <td>{entry.commentId ? <Link href={`/comments/${entry.commentId}`}>#{entry.commentId}</Link> : ''}</td>
              <td>
                {entry.targetUserId ? (
                  <Link href={`/moderation/users/${entry.targetUserId}`}>{entry.targetName ?? 'account'}</Link>
                ) : (
                  (entry.targetName ?? '')
                )}
              </td>
              <td>{entry.reason}</td>
              <td className="break-all">{entry.details}</td>
            </>
          )}
        />
      )}
      <ListPages page={log.page} pageCount={log.pageCount} hrefFor={hrefFor} label="Log pages" />
    </main>
  );
}
