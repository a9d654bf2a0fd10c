import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth-forms';
import { safeReturnTo } from '@/lib/return-to';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

type SignInPageProps = { searchParams: Promise<{ returnTo?: string | string[] }> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const returnTo = safeReturnTo((await searchParams).returnTo);
  return (
    <main className="mx-auto w-full max-w-md">
      <h1 className="mb-6 font-serif text-3xl font-bold">Sign in</h1>
      <SignInForm returnTo={returnTo} />
    </main>
  );
}
