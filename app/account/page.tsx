import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AccountSection } from '@/components/account-section';
import { DeleteAccountForm, PasswordForm, ProfileForm } from '@/components/account-forms';
import { getUserById } from '@/db/queries/users';
import { canModerate, canWrite } from '@/lib/policies/permissions';
import { getCurrentUser } from '@/lib/server/session';
import { signOutAction } from '../signout/actions';
import { saveEmailPreferencesAction, signOutEverywhereAction } from './actions';

export const metadata: Metadata = { title: 'Your account', robots: { index: false } };

type AccountPageProps = { searchParams: Promise<{ saved?: string }> };

export default async function AccountPage({ searchParams }: AccountPageProps) {
  const user = await getCurrentUser();
  if (!user) redirect('/signin?returnTo=%2Faccount');
  const account = getUserById({ id: user.id })!;
  const { saved } = await searchParams;
  return (
    <main className="mx-auto flex w-full max-w-xl flex-col gap-10">
      <div>
        <h1 className="font-serif text-3xl font-bold">Your account</h1>
        <p className="meta mt-1">
          Signed in as {account.email} · <a href={`/authors/${account.handle}`}>your public page</a>
          {canWrite(user) ? (
            <>
              {' '}
              · <Link href="/dashboard">your posts (dashboard)</Link>
            </>
          ) : null}
        </p>
        {saved === 'email' ? (
          <p role="status" className="mt-4 rounded border border-[var(--color-line)] bg-[var(--color-accent-soft)] p-3">
            Your email settings are saved.
          </p>
        ) : null}
        {saved === 'password' ? (
          <p role="status" className="mt-4 rounded border border-[var(--color-line)] bg-[var(--color-accent-soft)] p-3">
            Your password is changed. Other sessions have been signed out.
          </p>
        ) : null}
      </div>
      <AccountSection title="Profile">
        <ProfileForm
          profile={{ name: account.name ?? '', handle: account.handle, bio: account.bio, image: account.image ?? '' }}
        />
      </AccountSection>
      {account.passwordHash ? (
        <AccountSection title="Password">
          <PasswordForm />
        </AccountSection>
      ) : null}
      <AccountSection title="Email">
        <form action={saveEmailPreferencesAction} className="flex flex-col gap-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="notifyReplies" defaultChecked={account.notifyReplies} />
            Email me when someone replies to my comments
          </label>
          {canModerate(user) ? (
            <label className="flex items-center gap-2">
              <input type="checkbox" name="notifyQueue" defaultChecked={account.notifyQueue} />
              Email me when a comment enters the moderation queue
            </label>
          ) : null}
          <div>
            <button type="submit" className="button-secondary">
              Save email settings
            </button>
          </div>
        </form>
      </AccountSection>
      <AccountSection title="Sessions">
        <div className="flex flex-wrap gap-4">
          <form action={signOutAction}>
            <input type="hidden" name="returnTo" value="/" />
            <button type="submit" className="underline">
              Sign out
            </button>
          </form>
          <form action={signOutEverywhereAction}>
            <button type="submit" className="underline">
              Sign out everywhere
            </button>
          </form>
        </div>
      </AccountSection>
      <AccountSection title="Delete account">
        <DeleteAccountForm />
      </AccountSection>
    </main>
  );
}
