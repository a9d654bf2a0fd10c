import type { Metadata } from 'next';
import Link from 'next/link';
import { getPasswordReset } from '@/db/queries/password-resets';
import { hashPasswordResetToken } from '@/lib/services/password-reset';
import { safeReturnTo } from '@/lib/policies/return-to';
import { ConfirmPasswordResetForm } from '../reset-forms';

export const metadata: Metadata = { title: 'Choose a new password', robots: { index: false } };

type ConfirmPasswordResetPageProps = {
  searchParams: Promise<{ token?: string | string[]; returnTo?: string | string[] }>;
};

// Opening the link only shows the form: mail scanners that fetch every link must not use it up.
export default async function ConfirmPasswordResetPage({ searchParams }: ConfirmPasswordResetPageProps) {
  const { token, returnTo: returnToParam } = await searchParams;
  const returnTo = safeReturnTo(returnToParam);
  const reset =
    typeof token === 'string' && token.length <= 200
      ? await getPasswordReset({ tokenHash: hashPasswordResetToken(token) })
      : null;
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">Choose a new password</h1>
      {reset ? (
        <>
          <p>
            For the account <strong>{reset.email}</strong>. Saving it signs this account out on every device; then sign
            in with the new password.
          </p>
          <ConfirmPasswordResetForm token={token as string} returnTo={returnTo} />
        </>
      ) : (
        <p role="alert">
          This link has expired or was already used.{' '}
          <Link href={`/signin/reset?returnTo=${encodeURIComponent(returnTo)}`}>Ask for a new link</Link>; it works for
          an hour after it is sent.
        </p>
      )}
    </main>
  );
}
