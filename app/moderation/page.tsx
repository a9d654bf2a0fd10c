import Link from 'next/link';
import { z } from 'zod';
import { RemovalReasonFields } from '@/components/moderator-controls';
import { Notice } from '@/components/notice';
import { PaginationNav } from '@/components/pagination-nav';
import { PostDate } from '@/components/post-date';
import { listQueue, queueCounts, queueTabs, type QueueItem, type QueueTab } from '@/db/queries/moderation';
import { requireModerator } from '@/lib/access';
import { formatDateTime, plural } from '@/lib/format';
import { holdReasons, isBanned, PERMANENT_BAN_UNTIL, type HoldCode } from '@/lib/moderation-policy';
import { parsePageNumber } from '@/lib/pagination';
import { isAdmin } from '@/lib/permissions';
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
  page: z.string().optional().catch(undefined),
  notice: z.string().max(300).optional().catch(undefined),
  problem: z.string().max(300).optional().catch(undefined),
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
  const listing = listQueue({ tab: params.tab, filters, page, perPage: PER_PAGE });
  const counts = queueCounts();
  const admin = isAdmin(user);
  const query = (changes: Record<string, string | number>) => {
    const next = new URLSearchParams();
    const merged: Record<string, string | number | undefined> = {
      tab: params.tab,
      q: params.q,
      author: params.author,
      post: params.post,
      from: params.from,
      to: params.to,
      ...changes,
    };
    for (const [key, value] of Object.entries(merged)) {
      if (value !== undefined && value !== '' && !(key === 'page' && String(value) === '1'))
        next.set(key, String(value));
    }
    return `/moderation?${next.toString()}`;
  };
  const here = query({ page });
  const tabCount = (tab: QueueTab) => (tab === 'all' ? null : counts[tab]);

  return (
    <main className="flex flex-col gap-5">
      <h1 className="font-serif text-3xl font-bold">Moderation queue</h1>
      <Notice notice={params.notice} problem={params.problem} />
      <nav aria-label="Queue tabs" className="flex flex-wrap gap-2 text-sm">
        {queueTabs.map((tab) => (
          <Link
            key={tab}
            href={query({ tab, page: 1 })}
            aria-current={tab === params.tab ? 'page' : undefined}
            className="chip aria-[current=page]:bg-[var(--color-accent)] aria-[current=page]:text-[var(--color-paper)]"
          >
            {tabNames[tab]}
            {tabCount(tab) === null ? '' : ` (${tabCount(tab)})`}
          </Link>
        ))}
      </nav>
      <form method="get" action="/moderation" role="search" className="flex flex-wrap items-end gap-3 text-sm">
        <input type="hidden" name="tab" value={params.tab} />
        <label className="flex flex-col gap-1">
          Text
          <input name="q" type="search" defaultValue={params.q} className="input" />
        </label>
        <label className="flex flex-col gap-1">
          Author
          <input name="author" defaultValue={params.author} className="input" />
        </label>
        <label className="flex flex-col gap-1">
          Post
          <input name="post" defaultValue={params.post} className="input" />
        </label>
        <label className="flex flex-col gap-1">
          From
          <input name="from" type="date" defaultValue={params.from} className="input" />
        </label>
        <label className="flex flex-col gap-1">
          To
          <input name="to" type="date" defaultValue={params.to} className="input" />
        </label>
        <button type="submit" className="button-secondary">
          Search
        </button>
      </form>

      {listing.items.length === 0 ? (
        <p className="meta">
          Nothing here. {params.tab === 'reported' || params.tab === 'held' ? 'The queue is clear.' : ''}
        </p>
      ) : (
        <form action={moderateCommentsAction} className="flex flex-col gap-4">
          <input type="hidden" name="returnTo" value={here} />
          <fieldset className="flex flex-wrap items-end gap-3 rounded border border-[var(--color-line)] p-3 text-sm">
            <legend className="px-1 font-medium">With the selected comments</legend>
            <label className="flex flex-col gap-1">
              Action
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
            </label>
            <RemovalReasonFields label="Reason (for removals)" />
            <button type="submit" className="button-primary">
              Apply to selected
            </button>
          </fieldset>
          <ol className="flex flex-col gap-4">
            {listing.items.map((item) => (
              <QueueRow key={item.id} item={item} admin={admin} viewerId={user.id} />
            ))}
          </ol>
        </form>
      )}
      <PaginationNav
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
        <label className="flex items-center gap-2">
          <input type="checkbox" name="ids" value={item.id} />
          <span className="sr-only">Select comment {item.id}</span>
        </label>
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
