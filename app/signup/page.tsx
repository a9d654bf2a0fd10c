import type { Metadata } from 'next';
import { SignUpForm } from '@/components/auth-forms';
import { safeReturnTo } from '@/lib/policies/return-to';

export const metadata: Metadata = { title: 'Create an account', robots: { index: false } };

type SignUpPageProps = { searchParams: Promise<{ returnTo?: string | string[] }> };

export default async function SignUpPage({ searchParams }: SignUpPageProps) {
  const returnTo = safeReturnTo((await searchParams).returnTo);
  return (
    <main className="mx-auto w-full max-w-md">
      <h1 className="mb-6 font-serif text-3xl font-bold">Create an account</h1>
      <SignUpForm returnTo={returnTo} />
    </main>
  );
}
