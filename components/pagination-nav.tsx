import Link from 'next/link';

type PaginationNavProps = {
  page: number;
  pageCount: number;
  /** The URL of a page number; page 1 is usually the bare listing URL. */
  hrefFor: (page: number) => string;
  label?: string;
  newer?: string;
  older?: string;
};

/** Blogger's "Newer posts / Older posts" links: plain links that work without JavaScript. */
export function PaginationNav({
  page,
  pageCount,
  hrefFor,
  label = 'Pages',
  newer = '← Newer posts',
  older = 'Older posts →',
}: PaginationNavProps) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="mt-6 flex items-center justify-between gap-4 text-sm">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} rel="prev">
          {newer}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-[var(--color-muted)]">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} rel="next">
          {older}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
