import type { Metadata } from 'next';
import Link from 'next/link';
import { PASSWORD_RESET_LINK_HOURS } from '@/lib/services/password-reset';
import { safeReturnTo } from '@/lib/policies/return-to';
import { RequestPasswordResetForm } from './reset-forms';

export const metadata: Metadata = { title: 'Forgot your password?', robots: { index: false } };

type PasswordResetPageProps = { searchParams: Promise<{ returnTo?: string | string[] }> };

export default async function PasswordResetPage({ searchParams }: PasswordResetPageProps) {
  const returnTo = safeReturnTo((await searchParams).returnTo);
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-6">
      <h1 className="font-serif text-3xl font-bold">Forgot your password?</h1>
      <p>
        Type the email address of your account. We will mail it a link to choose a new password; the link works once,
        for {PASSWORD_RESET_LINK_HOURS} hour. An account that signs in with a link or another service can set a password
        this way too.
      </p>
      <RequestPasswordResetForm returnTo={returnTo} />
      <p className="meta">
        Remembered it? <Link href={`/signin?returnTo=${encodeURIComponent(returnTo)}`}>Sign in</Link>
      </p>
    </main>
  );
}
