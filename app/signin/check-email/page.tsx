import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Check your email', robots: { index: false } };

export default function CheckEmailPage() {
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">Check your email</h1>
      <p>
        We sent you a link that signs you in. It works once, for 24 hours. You can close this page and open the link
        from your mail.
      </p>
      <p className="meta">
        Nothing arrived? Look in your spam folder, or <Link href="/signin">ask for another link</Link>.
      </p>
    </main>
  );
}
