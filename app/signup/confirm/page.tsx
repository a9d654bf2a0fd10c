import type { Metadata } from 'next';
import Link from 'next/link';
import { ConfirmSignUpForm } from '@/components/auth-forms';
import { getPendingSignUp } from '@/db/queries/pending-sign-ups';
import { hashSignUpToken } from '@/lib/services/sign-up';

export const metadata: Metadata = { title: 'Finish signing up', robots: { index: false } };

type ConfirmSignUpPageProps = { searchParams: Promise<{ token?: string | string[] }> };

// Opening the link only shows a button: mail scanners that fetch every link must not use it up.
export default async function ConfirmSignUpPage({ searchParams }: ConfirmSignUpPageProps) {
  const { token } = await searchParams;
  const pending =
    typeof token === 'string' && token.length <= 200
      ? await getPendingSignUp({ tokenHash: hashSignUpToken(token) })
      : null;
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">Finish signing up</h1>
      {pending ? (
        <>
          <p>
            Create the account for <strong>{pending.email}</strong>?
          </p>
          <ConfirmSignUpForm token={token as string} />
        </>
      ) : (
        <p role="alert">
          This link has expired or was already used. <Link href="/signup">Sign up again</Link> to get a new one, or{' '}
          <Link href="/signin">sign in</Link> if your account is ready.
        </p>
      )}
    </main>
  );
}
