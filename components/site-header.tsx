import Link from 'next/link';

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
          {/* A plain GET form: search works without JavaScript. */}
          <form action="/search" method="get" role="search" className="flex items-center gap-2">
            <label htmlFor="site-search" className="sr-only">
              Search posts
            </label>
            <input
              id="site-search"
              name="q"
              type="search"
              placeholder="Search posts"
              className="w-40 rounded border border-[var(--color-line)] bg-[var(--color-paper)] px-2 py-1 text-[var(--color-ink)]"
            />
            <button
              type="submit"
              className="rounded bg-[var(--color-accent)] px-3 py-1 font-medium text-[var(--color-paper)]"
            >
              Search
            </button>
          </form>
        </nav>
      </div>
    </header>
  );
}
