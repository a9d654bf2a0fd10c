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
          <SearchForm id="site-search" />
          <AccountBadge />
        </nav>
      </div>
      {menu.length > 0 ? (
        // The admin's menu has a row of its own, as blog themes give their page menus: up to twelve
        // links beside a signed-in admin's would wrap the main row.
        <nav aria-label="Menu" className="border-t border-[var(--color-line)]">
          <ul className="mx-auto flex w-full max-w-5xl flex-wrap gap-x-5 gap-y-1 px-4 py-2 text-sm sm:px-6">
            {menu.map((link, index) => (
              <li key={index}>
                {/* Addresses were checked when the admin saved the menu (https, http or a path here)
                    and again when it was read; React escapes them. An outside site gets no referrer. */}
                {link.external ? (
                  <a href={link.href} rel="external noopener noreferrer">
                    {link.label}
                  </a>
                ) : (
                  <Link href={link.href}>{link.label}</Link>
                )}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
