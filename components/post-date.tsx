import { formatDate, formatDateTime } from '@/lib/policies/format';

type PostDateProps = { date: Date; prefix?: string; relative?: boolean };

export function PostDate({ date, prefix, relative }: PostDateProps) {
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)} data-relative={relative ? '' : undefined}>
      {prefix ? `${prefix} ` : ''}
      {formatDate(date)}
    </time>
  );
}
