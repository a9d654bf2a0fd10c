import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl py-16 text-center">
      <h1 className="font-serif text-4xl font-bold">You can’t open this page</h1>
      <p className="mt-4 text-[var(--color-muted)]">
        Your account does not have access here. Writing posts needs an author or admin account; ask the blog’s admin if
        you should have one.
      </p>
      <p className="mt-6 flex justify-center gap-6">
        <Link href="/">Go to the home page</Link>
        <Link href="/account">Your account</Link>
      </p>
    </main>
  );
}
