import Link from 'next/link';
import type { LabelRef } from '@/db/queries/posts';

type LabelLinksProps = { labels: LabelRef[] };

export function LabelLinks({ labels }: LabelLinksProps) {
  if (labels.length === 0) return null;
  return (
    <ul aria-label="Labels" className="flex flex-wrap gap-2">
      {labels.map((label) => (
        <li key={label.slug}>
          <Link
            href={`/labels/${label.slug}`}
            rel="tag"
            className="rounded-full bg-[var(--color-accent-soft)] px-2.5 py-0.5 text-xs font-medium no-underline"
          >
            {label.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
