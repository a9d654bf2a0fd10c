'use client';

import Link from 'next/link';

// Shown when a page fails unexpectedly. The server logs the details; the reader gets a sentence,
// never a stack trace.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl py-16 text-center">
      <h1 className="font-serif text-4xl font-bold">Something went wrong</h1>
      <p className="mt-4 text-[var(--color-muted)]">
        This page could not be shown just now. Please try again in a moment.
      </p>
      <p className="mt-6 flex justify-center gap-6">
        <button type="button" onClick={reset} className="underline">
          Try again
        </button>
        <Link href="/">Go to the home page</Link>
      </p>
    </main>
  );
}
