import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ListingLayout } from '@/components/listing-layout';
import { formatMonth, plural } from '@/lib/policies/format';
import { pageMetadata } from '@/lib/server/metadata';
import { readArchive, readArchiveMonth } from '@/lib/services/reads';

// `/archive` and `/archive/<yyyy>/<mm>` in one optional catch-all, so neither is rendered at build time.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type ArchivePageProps = { params: Promise<{ period?: string[] }> };

const monthPeriod = z.tuple([
  z
    .string()
    .regex(/^(19|20|21)\d\d$/)
    .transform(Number),
  z
    .string()
    .regex(/^(0[1-9]|1[0-2])$/)
    .transform(Number),
]);

type Period = { kind: 'index' } | { kind: 'month'; year: number; month: number } | null;

function parsePeriod(period: string[] | undefined): Period {
  if (!period || period.length === 0) return { kind: 'index' };
  const parsed = monthPeriod.safeParse(period);
  return parsed.success ? { kind: 'month', year: parsed.data[0], month: parsed.data[1] } : null;
}

const monthPath = (year: number, month: number) => `/archive/${year}/${String(month).padStart(2, '0')}`;

export async function generateMetadata({ params }: ArchivePageProps): Promise<Metadata> {
  const period = parsePeriod((await params).period);
  if (!period) return { title: 'Not found' };
  if (period.kind === 'index') {
    return pageMetadata({ title: 'Archive', description: 'Every post, by month.', path: '/archive' });
  }
  const name = formatMonth(period.year, period.month);
  return pageMetadata({
    title: `Posts from ${name}`,
    description: `Everything published in ${name}.`,
    path: monthPath(period.year, period.month),
  });
}

export default async function ArchivePage({ params }: ArchivePageProps) {
  const period = parsePeriod((await params).period);
  if (!period) notFound();
  if (period.kind === 'month') {
    const posts = await readArchiveMonth(period.year, period.month);
    if (posts.length === 0) notFound();
    return (
      <ListingLayout
        heading={`Posts from ${formatMonth(period.year, period.month)}`}
        intro={<Link href="/archive">← All months</Link>}
        posts={{ items: posts, empty: 'Nothing was published that month.' }}
      />
    );
  }
  const months = await readArchive();
  const years = [...new Set(months.map((entry) => entry.year))];
  return (
    <ListingLayout
      heading="Archive"
      intro={
        <p>
          {plural(
            months.reduce((sum, m) => sum + m.count, 0),
            'post',
          )}{' '}
          in all.
        </p>
      }
    >
      {years.length === 0 ? <p className="py-6 text-[var(--color-muted)]">Nothing has been published yet.</p> : null}
      {years.map((year) => {
        const yearMonths = months.filter((entry) => entry.year === year);
        return (
          <section key={year} aria-labelledby={`year-${year}`} className="mt-8">
            <h2 id={`year-${year}`} className="font-serif text-2xl font-bold">
              {year}{' '}
              <span className="text-base font-normal text-[var(--color-muted)]">
                (
                {plural(
                  yearMonths.reduce((sum, m) => sum + m.count, 0),
                  'post',
                )}
                )
              </span>
            </h2>
            <ul className="mt-2 grid gap-1 sm:grid-cols-2">
              {yearMonths.map((entry) => (
                <li key={entry.month}>
                  <Link href={monthPath(entry.year, entry.month)}>{formatMonth(entry.year, entry.month)}</Link>{' '}
                  <span className="text-[var(--color-muted)]">({entry.count})</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </ListingLayout>
  );
}
