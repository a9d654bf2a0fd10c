import Link from 'next/link';
import { AccountBadge } from './account-badge';
import type { MenuLink } from '@/lib/policies/menu';
import { SearchForm } from './search-form';

type SiteHeaderProps = { title: string; menu: MenuLink[] };

// The blog's description is the home page's introduction, not a header line: shown on every page
// it repeated the home page's text and pushed a signed-in admin's links onto a second line.
export function SiteHeader({ title, menu }: SiteHeaderProps) {
  return (
    <header className="border-b border-[var(--color-line)] bg-[var(--color-card)]">
      <div className="mx-auto flex w-full max-w-5xl flex-col gap-4 px-4 py-5 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <Link
          href="/"
          className="shrink-0 font-serif text-2xl font-bold whitespace-nowrap text-[var(--color-ink)] no-underline"
        >
          {title}
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
          <Link href="/">Home</Link>
          <Link href="/archive">Archive</Link>
          {menu.map((link, index) =>
            // Addresses were checked when the admin saved the menu (https, http or a path here) and
            // again when it was read; React escapes them. An outside site gets no referrer or opener.
            link.external ? (
              <a key={index} href={link.href} rel="external noopener noreferrer">
                {link.label}
              </a>
            ) : (
              <Link key={index} href={link.href}>
                {link.label}
              </Link>
            ),
          )}
          <SearchForm id="site-search" />
          <AccountBadge />
        </nav>
      </div>
    </header>
  );
}
