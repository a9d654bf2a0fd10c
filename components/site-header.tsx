import Link from 'next/link';
import { AccountBadge } from './account-badge';
import { SearchForm } from './search-form';

type SiteHeaderProps = { title: string; description: string };

export function SiteHeader({ title, description }: SiteHeaderProps) {
  return (
    <header className="border-b border-[var(--color-line)] bg-[var(--color-card)]">
      <div className="mx-auto flex w-full max-w-5xl flex-col gap-4 px-4 py-5 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <div>
          <Link href="/" className="font-serif text-2xl font-bold text-[var(--color-ink)] no-underline">
            {title}
          </Link>
          <p className="text-sm text-[var(--color-muted)]">{description}</p>
        </div>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
          <Link href="/">Home</Link>
          <Link href="/archive">Archive</Link>
          <SearchForm id="site-search" />
          <AccountBadge />
        </nav>
      </div>
    </header>
  );
}
