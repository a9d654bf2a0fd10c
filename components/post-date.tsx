import { formatDate, formatDateTime } from '@/lib/policies/format';

type PostDateProps = { date: Date; prefix?: string; relative?: boolean };

/**
 * A date in the one date style, the exact time on hover. A `relative` date (a comment's) gets its
 * hover text in the browser, with its "3 hours ago" (components/relative-times.tsx): there are
 * dozens on a comment page, and the shared page's HTML stays lighter without them.
 */
export function PostDate({ date, prefix, relative }: PostDateProps) {
  return (
    <time
      dateTime={date.toISOString()}
      title={relative ? undefined : formatDateTime(date)}
      data-relative={relative ? '' : undefined}
    >
      {prefix ? `${prefix} ` : ''}
      {formatDate(date)}
    </time>
  );
}
