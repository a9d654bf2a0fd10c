import Link from 'next/link';
import { restoreFromListAction, trashFromListAction } from '@/app/dashboard/actions';
import { ListTable } from '@/components/admin-list';
import type { listDashboardPosts } from '@/db/queries/authoring';
import { formatDateTime } from '@/lib/policies/format';

type Item = Awaited<ReturnType<typeof listDashboardPosts>>['items'][number];

const statusNames = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published', trashed: 'In trash' } as const;

/**
 * The dashboard's table of posts (/dashboard) or pages (/dashboard/pages): title with its links,
 * status, author (for admins), last change, and Trash or Restore. Posts also show comments and views.
 */
export function WritingTable({
  items,
  kind,
  admin,
  here,
}: {
  items: Item[];
  kind: 'post' | 'page';
  admin: boolean;
  here: string;
}) {
  const posts = kind === 'post';
  return (
    <ListTable
      columns={[
        { header: 'Title' },
        { header: 'Status' },
        admin && { header: 'Author' },
        { header: 'Last change' },
        posts && { header: 'Comments', numeric: true },
        posts && { header: 'Views', numeric: true },
        { header: 'Actions', hidden: true },
      ]}
      rows={items}
      rowKey={(item) => item.id}
      row={(item) => (
        <>
          <td>
            {item.status === 'trashed' ? (
              <span>{item.title || 'Untitled'}</span>
            ) : (
              <Link href={`/dashboard/posts/${item.id}`} className="font-medium">
                {item.title || 'Untitled'}
              </Link>
            )}
            {item.status === 'published' ? (
              <>
                {' '}
                · <Link href={`/${posts ? 'posts' : 'pages'}/${item.slug}`}>view</Link>
              </>
            ) : null}
            {posts && (item.status === 'published' || item.views > 0) ? (
              <>
                {' '}
                ·{' '}
                <Link href={`/dashboard/stats?post=${item.id}`}>
                  stats<span className="sr-only"> for “{item.title || 'Untitled'}”</span>
                </Link>
              </>
            ) : null}
          </td>
          <td>
            {statusNames[item.status]}
            {item.pendingChanges ? ' (unpublished changes)' : ''}
            {item.status === 'scheduled' && item.publishedAt ? (
              <span className="meta block">for {formatDateTime(item.publishedAt)}</span>
            ) : null}
            {posts && item.status === 'published' && item.publishedAt ? (
              <span className="meta block">{formatDateTime(item.publishedAt)}</span>
            ) : null}
          </td>
          {admin ? <td>{item.authorName}</td> : null}
          <td>{formatDateTime(item.editedAt ?? item.createdAt)}</td>
          {posts ? <td className="text-right">{item.commentCount}</td> : null}
          {posts ? <td className="text-right">{item.views}</td> : null}
          <td>
            <form action={item.status === 'trashed' ? restoreFromListAction : trashFromListAction}>
              <input type="hidden" name="postId" value={item.id} />
              <input type="hidden" name="returnTo" value={here} />
              <button type="submit" className="underline">
                {item.status === 'trashed' ? 'Restore' : 'Trash'}
                <span className="sr-only"> “{item.title || 'Untitled'}”</span>
              </button>
            </form>
          </td>
        </>
      )}
    />
  );
}
