import Link from 'next/link';
import type { LabelRef } from '@/db/queries/posts';

type LabelLinksProps = { labels: LabelRef[] };

export function LabelLinks({ labels }: LabelLinksProps) {
  if (labels.length === 0) return null;
  return (
    <ul aria-label="Labels" className="flex flex-wrap gap-2">
      {labels.map((label) => (
        <li key={label.slug}>
          <Link href={`/labels/${label.slug}`} rel="tag" className="chip">
            {label.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
