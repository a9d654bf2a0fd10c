import { formatDate, formatDateTime } from '@/lib/format';

type PostDateProps = { date: Date; prefix?: string };

export function PostDate({ date, prefix }: PostDateProps) {
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {prefix ? `${prefix} ` : ''}
      {formatDate(date)}
    </time>
  );
}
