import Link from 'next/link';
import { z } from 'zod';
import { listParams } from '@/lib/validations/params';
import { BulkForm, FilterField, ListEmpty, ListFilters, ListPages, ListTabs, SelectRow } from '@/components/admin-list';
import { RemovalReasonFields } from '@/components/moderator-controls';
import { Notice } from '@/components/notice';
import { PostDate } from '@/components/post-date';
import { listQueue, queueCounts, queueTabs, type QueueItem, type QueueTab } from '@/db/queries/moderation';
import { requireModerator } from '@/lib/server/access';
import { formatDateTime, plural } from '@/lib/policies/format';
import { holdReasons, isBanned, PERMANENT_BAN_UNTIL, type HoldCode } from '@/lib/policies/moderation-policy';
import { listHref, parsePageNumber } from '@/lib/policies/pagination';
import { isAdmin } from '@/lib/policies/permissions';
import { moderateCommentsAction } from './actions';

export const dynamic = 'force-dynamic';

const PER_PAGE = 25;

const tabNames: Record<QueueTab, string> = { reported: 'Reported', held: 'Held', removed: 'Removed', all: 'All' };

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

const searchSchema = z.object({
  tab: z.enum(queueTabs).catch('reported'),
  q: z.string().trim().max(200).catch(''),
  author: z.string().trim().max(100).catch(''),
  post: z.string().trim().max(200).catch(''),
  from: day,
  to: day,
  ...listParams,
});

type QueuePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ModerationQueuePage({ searchParams }: QueuePageProps) {
  const user = await requireModerator('/moderation');
  const params = searchSchema.parse(await searchParams);
  const page = parsePageNumber(params.page) ?? 1;
  const filters = {
    text: params.q || undefined,
    author: params.author || undefined,
    post: params.post || undefined,
    from: params.from ? new Date(`${params.from}T00:00:00Z`) : undefined,
    to: params.to ? new Date(`${params.to}T23:59:59.999Z`) : undefined,
  };
  const listing = await listQueue({ tab: params.tab, filters, page, perPage: PER_PAGE });
  const counts = await queueCounts();
  const admin = isAdmin(user);
  const query = (changes: Record<string, string | number>) =>
    listHref(
      '/moderation',
      {
        tab: params.tab,
        q: params.q,
        author: params.author,
        post: params.post,
        from: params.from,
        to: params.to,
        ...changes,
      },
      { tab: 'reported' },
    );
  const here = query({ page });

  return (
    <main className="flex flex-col gap-5">
      <h1 className="font-serif text-3xl font-bold">Moderation queue</h1>
      <Notice notice={params.notice} problem={params.problem} />
      <ListTabs
        label="Queue tabs"
        tabs={queueTabs.map((tab) => ({
          key: tab,
          name: tabNames[tab],
          href: query({ tab, page: 1 }),
          current: tab === params.tab,
          count: tab === 'all' ? null : counts[tab],
        }))}
      />
      <ListFilters action="/moderation" keep={{ tab: params.tab }} submit="Search">
        <FilterField label="Text">
          <input name="q" type="search" defaultValue={params.q} className="input" />
        </FilterField>
        <FilterField label="Author">
          <input name="author" defaultValue={params.author} className="input" />
        </FilterField>
        <FilterField label="Post">
          <input name="post" defaultValue={params.post} className="input" />
        </FilterField>
        <FilterField label="From">
          <input name="from" type="date" defaultValue={params.from} className="input" />
        </FilterField>
        <FilterField label="To">
          <input name="to" type="date" defaultValue={params.to} className="input" />
        </FilterField>
      </ListFilters>

      {listing.items.length === 0 ? (
        <ListEmpty>
          Nothing here. {params.tab === 'reported' || params.tab === 'held' ? 'The queue is clear.' : ''}
        </ListEmpty>
      ) : (
        <BulkForm
          action={moderateCommentsAction}
          returnTo={here}
          legend="With the selected comments"
          submit="Apply to selected"
          controls={
            <>
              <FilterField label="Action">
                <select name="action" className="input" defaultValue="">
                  <option value="" disabled>
                    Choose…
                  </option>
                  <option value="approve">Approve</option>
                  <option value="remove">Remove</option>
                  <option value="restore">Restore</option>
                  <option value="dismiss-reports">Dismiss reports</option>
                  {admin ? <option value="purge">Delete for good</option> : null}
                </select>
              </FilterField>
              <RemovalReasonFields label="Reason (for removals)" />
            </>
          }
        >
          <ol className="flex flex-col gap-4">
            {listing.items.map((item) => (
              <QueueRow key={item.id} item={item} admin={admin} viewerId={user.id} />
            ))}
          </ol>
        </BulkForm>
      )}
      <ListPages
        page={listing.page}
        pageCount={listing.pageCount}
        hrefFor={(number) => query({ page: number })}
        label="Queue pages"
        newer="← Previous"
        older="Next →"
      />
    </main>
  );
}

const statusNames: Record<string, string> = {
  visible: 'Published',
  pending: 'Held',
  removed: 'Removed',
};

function QueueRow({ item, admin, viewerId }: { item: QueueItem; admin: boolean; viewerId: string }) {
  const rowButton = (action: string, label: string, className = 'button-secondary') => (
    <button type="submit" name="target" value={`${action}:${item.id}`} className={className}>
      {label}
      <span className="sr-only"> comment {item.id}</span>
    </button>
  );
  const banned = item.author.bannedUntil && isBanned({ bannedUntil: item.author.bannedUntil }, new Date());
  return (
    <li
      className="flex flex-col gap-2 rounded border border-[var(--color-line)] p-3"
      aria-label={`Comment ${item.id} by ${item.author.name}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <SelectRow value={item.id} label={`Select comment ${item.id}`} />
        <strong>
          {item.author.handle ? (
            <Link href={`/authors/${item.author.handle}`}>{item.author.name}</Link>
          ) : (
            item.author.name
          )}
        </strong>
        <span className="meta">
          {plural(item.author.comments, 'comment')} · {plural(item.author.removals, 'removal')} ·{' '}
          {plural(item.author.bans, 'ban')}
          {banned
            ? ` · banned ${item.author.bannedUntil! < PERMANENT_BAN_UNTIL ? `until ${formatDateTime(item.author.bannedUntil!)}` : 'permanently'}`
            : ''}
        </span>
        <span className="meta">
          on <Link href={`/comments/${item.id}`}>{item.post.title}</Link> · <PostDate date={item.createdAt} relative />
        </span>
        <span className="chip">{statusNames[item.status] ?? item.status}</span>
        {item.status === 'pending' && item.heldReason ? (
          <span className="meta">{holdReasons[item.heldReason as HoldCode] ?? item.heldReason}</span>
        ) : null}
        {item.status === 'removed' && item.removedReason ? (
          <span className="meta">Reason: {item.removedReason}</span>
        ) : null}
      </div>
      <div
        className="prose prose-sm max-w-none break-words dark:prose-invert"
        // Rendered through the comment sanitiser when it was saved.
        dangerouslySetInnerHTML={{ __html: item.bodyHtml }}
      />
      {item.reports.length > 0 ? (
        <div className="text-sm">
          <p className="font-medium">{plural(item.reports.length, 'open report')}:</p>
          <ul className="ml-5 list-disc">
            {item.reports.map((report, index) => (
              <li key={index}>
                {report.reason}
                {report.details ? ` — “${report.details}”` : ''} <span className="meta">({report.reporterName})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2 text-sm">
        {item.status === 'pending' ? rowButton('approve', 'Approve', 'button-primary') : null}
        {item.status !== 'removed' ? rowButton('remove', 'Remove', 'button-danger') : rowButton('restore', 'Restore')}
        {item.reports.length > 0 ? rowButton('dismiss-reports', 'Dismiss reports') : null}
        {item.author.id && item.author.id !== viewerId ? (
          <Link href={`/moderation/users/${item.author.id}`} className="button-secondary no-underline">
            Ban author…
          </Link>
        ) : null}
        {admin ? rowButton('purge', 'Delete for good', 'button-danger') : null}
      </div>
    </li>
  );
}
