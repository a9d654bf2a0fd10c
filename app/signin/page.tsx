import type { Metadata } from 'next';
import { EmailLinkForm, SignInForm } from '@/components/auth-forms';
import { configuredOAuthProviders } from '@/lib/server/auth';
import Link from 'next/link';
import { safeReturnTo } from '@/lib/policies/return-to';
import { getCurrentUser } from '@/lib/server/session';
import { signOutAction } from '../signout/actions';
import { oauthSignInAction } from './actions';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

type SignInPageProps = {
  searchParams: Promise<{ returnTo?: string | string[]; error?: string | string[]; notice?: string | string[] }>;
};

// Auth.js sends failed email-link and OAuth sign-ins back here with an error code.
const errorMessages: Record<string, string> = {
  Verification: 'That sign-in link has expired or was already used. Ask for a new one below.',
  OAuthAccountNotLinked:
    'That email already has an account here. Sign in the way you did before; accounts are only linked when the email is verified.',
};

// Where other pages send people to sign in after them; only these fixed sentences are shown.
const notices: Record<string, string> = {
  'password-changed': 'Your password is changed. Sign in with it now.',
  'comment-kept': 'Your comment is kept. Sign in, or create an account, and it is posted.',
};

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const { returnTo: returnToParam, error, notice: noticeParam } = await searchParams;
  const returnTo = safeReturnTo(returnToParam);
  const [providers, user] = [configuredOAuthProviders(), await getCurrentUser()];
  const problem =
    typeof error === 'string' ? (errorMessages[error] ?? 'Signing in did not work. Please try again.') : null;
  const notice = typeof noticeParam === 'string' && Object.hasOwn(notices, noticeParam) ? notices[noticeParam] : null;
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-8">
      <h1 className="font-serif text-3xl font-bold">Sign in</h1>
      {user ? (
        // Cached pages show everyone a Sign in link; without JavaScript a signed-in reader lands here.
        <form
          action={signOutAction}
          className="flex flex-wrap items-center gap-2 rounded border border-[var(--color-line)] p-3"
        >
          <span>
            You are signed in as <strong>{user.name ?? user.handle}</strong>.
          </span>
          <Link href="/account">Your account</Link>
          <Link href={returnTo}>Back to where you were</Link>
          <input type="hidden" name="returnTo" value={returnTo} />
          <button type="submit" className="underline">
            Sign out
          </button>
        </form>
      ) : null}
      {notice ? (
        <p role="status" className="rounded border border-[var(--color-line)] bg-[var(--color-accent-soft)] p-3">
          {notice}
        </p>
      ) : null}
      {problem ? (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {problem}
        </p>
      ) : null}
      <SignInForm returnTo={returnTo} />
      {providers.length > 0 ? (
        <section
          aria-labelledby="oauth-heading"
          className="flex flex-col gap-3 border-t border-[var(--color-line)] pt-6"
        >
          <h2 id="oauth-heading" className="font-serif text-xl font-bold">
            Or continue with
          </h2>
          {providers.map((provider) => (
            <form key={provider.id} action={oauthSignInAction}>
              <input type="hidden" name="provider" value={provider.id} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <button type="submit" className="w-full rounded border border-[var(--color-line)] px-4 py-2 font-medium">
                Sign in with {provider.name}
              </button>
            </form>
          ))}
        </section>
      ) : null}
      <section
        aria-labelledby="email-link-heading"
        className="flex flex-col gap-4 border-t border-[var(--color-line)] pt-6"
      >
        <h2 id="email-link-heading" className="font-serif text-xl font-bold">
          Or sign in with a link
        </h2>
        <EmailLinkForm returnTo={returnTo} />
      </section>
    </main>
  );
}
