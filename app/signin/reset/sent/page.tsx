import type { Metadata } from 'next';
import Link from 'next/link';
import { PASSWORD_RESET_LINK_HOURS, PASSWORD_RESET_SENT } from '@/lib/services/password-reset';
import { safeReturnTo } from '@/lib/policies/return-to';

export const metadata: Metadata = { title: 'Check your email', robots: { index: false } };

type PasswordResetSentPageProps = { searchParams: Promise<{ returnTo?: string | string[] }> };

// The same page whether or not an account uses the address: a reset request never says which.
export default async function PasswordResetSentPage({ searchParams }: PasswordResetSentPageProps) {
  const returnTo = encodeURIComponent(safeReturnTo((await searchParams).returnTo));
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">Check your email</h1>
      <p role="status">{PASSWORD_RESET_SENT}</p>
      <p>
        The link works once, for {PASSWORD_RESET_LINK_HOURS} hour. You can close this page and open it from your mail.
      </p>
      <p className="meta">
        Nothing arrived? Look in your spam folder, or <Link href={`/signin/reset?returnTo=${returnTo}`}>ask again</Link>
        . Or <Link href={`/signin?returnTo=${returnTo}`}>go back to sign in</Link>.
      </p>
    </main>
  );
}
