import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ListingLayout } from '@/components/listing-layout';
import { plural } from '@/lib/policies/format';
import { pageMetadata } from '@/lib/server/metadata';
import { readLabelIndex } from '@/lib/services/reads';

// `/labels` is rewritten here (next.config.ts), as `/` is to /page/1: a path with a parameter and no
// prebuilt params is rendered on its first request from the live database, never at build time,
// then cached until a post list changes. /labels/[label] cannot hold it: that folder is the labels'.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type LabelIndexProps = { params: Promise<{ view: string }> };

export async function generateMetadata({ params }: LabelIndexProps): Promise<Metadata> {
  if ((await params).view !== 'all') return { title: 'Not found' };
  return pageMetadata({ title: 'Labels', description: 'Every label, with how many posts carry it.', path: '/labels' });
}

// Only labels on a published post: one carried only by drafts would name what is not out yet.
export default async function LabelIndexPage({ params }: LabelIndexProps) {
  if ((await params).view !== 'all') notFound();
  const labels = await readLabelIndex();
  return (
    <ListingLayout heading="Labels" intro={<p>{plural(labels.length, 'label')}, with how many posts carry each.</p>}>
      {labels.length === 0 ? (
        <p className="py-6 text-[var(--color-muted)]">No published post has a label yet.</p>
      ) : (
        <ul className="mt-4 grid gap-1 sm:grid-cols-2" aria-label="Labels">
          {labels.map((label) => (
            <li key={label.id}>
              <Link href={`/labels/${label.slug}`}>{label.name}</Link>{' '}
              <span className="text-[var(--color-muted)]">({plural(label.postCount, 'post')})</span>
            </li>
          ))}
        </ul>
      )}
    </ListingLayout>
  );
}
