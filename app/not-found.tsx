import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl py-16 text-center">
      <h1 className="font-serif text-4xl font-bold">Page not found</h1>
      <p className="mt-4 text-[var(--color-muted)]">
        There is nothing at this address. The post may have been moved or unpublished, or the link may be mistyped.
      </p>
      <p className="mt-6 flex justify-center gap-6">
        <Link href="/">Go to the home page</Link>
        <Link href="/archive">Browse the archive</Link>
        <Link href="/search">Search</Link>
      </p>
    </main>
  );
}
