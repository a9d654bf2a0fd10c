import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Check your email', robots: { index: false } };

// The same page whether or not the address already had an account: sign-up never says which.
export default function SignUpCheckEmailPage() {
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">Check your email to finish signing up</h1>
      <p>
        We sent a mail to the address you gave. Open the link in it to create your account; it works once, for 24 hours.
        If that address already has an account, the mail tells you how to sign in instead.
      </p>
      <p className="meta">
        Nothing arrived? Look in your spam folder, or <Link href="/signup">sign up again</Link>.
      </p>
    </main>
  );
}
