import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AccountSection } from '@/components/account-section';
import { DeleteAccountForm, PasswordForm, ProfileForm } from '@/components/account-forms';
import { Notice } from '@/components/notice';
import { listFollowedPosts } from '@/db/queries/follows';
import { getSubscriberByEmail } from '@/db/queries/subscriptions';
import { getUserById } from '@/db/queries/users';
import { canModerate, canWrite } from '@/lib/policies/permissions';
import { getCurrentUser } from '@/lib/server/session';
import { signOutAction } from '../signout/actions';
import { followPostAction } from '../follow/actions';
import {
  saveEmailPreferencesAction,
  signOutEverywhereAction,
  subscribeAccountAction,
  unsubscribeAccountAction,
} from './actions';

export const metadata: Metadata = { title: 'Your account', robots: { index: false } };

type AccountPageProps = { searchParams: Promise<{ saved?: string; notice?: string; problem?: string }> };

const savedSentences: Record<string, string> = {
  posts: 'New posts will be emailed to you.',
  'posts-confirm': 'Check your inbox: open the link we sent to confirm your address, and new posts will follow.',
  'posts-off': 'New posts will no longer be emailed to you.',
};

export default async function AccountPage({ searchParams }: AccountPageProps) {
  const user = await getCurrentUser();
  if (!user) redirect('/signin?returnTo=%2Faccount');
  const account = (await getUserById({ id: user.id }))!;
  const { saved, notice, problem } = await searchParams;
  const subscribed = account.email ? (await getSubscriberByEmail({ email: account.email })) !== null : false;
  const followed = await listFollowedPosts({ userId: user.id });
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
        {saved && savedSentences[saved] ? (
          <p role="status" className="mt-4 rounded border border-[var(--color-line)] bg-[var(--color-accent-soft)] p-3">
            {savedSentences[saved]}
          </p>
        ) : null}
        <div className="mt-4">
          <Notice
            notice={typeof notice === 'string' ? notice.slice(0, 300) : undefined}
            problem={typeof problem === 'string' ? problem.slice(0, 300) : undefined}
          />
        </div>
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
          {canWrite(user) ? (
            <label className="flex items-center gap-2">
              <input type="checkbox" name="notifyPostComments" defaultChecked={account.notifyPostComments} />
              Email me about new comments on my posts
            </label>
          ) : null}
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
      <AccountSection title="Follow by email">
        <div className="flex flex-col gap-4">
          {subscribed ? (
            <form action={unsubscribeAccountAction} className="flex flex-wrap items-center gap-3">
              <p>New posts are emailed to {account.email}.</p>
              <button type="submit" className="button-secondary">
                Stop emailing me new posts
              </button>
            </form>
          ) : (
            <form action={subscribeAccountAction} className="flex flex-wrap items-center gap-3">
              <p>Get every new post by email.</p>
              <button type="submit" className="button-secondary">
                Email me new posts
              </button>
            </form>
          )}
          <div>
            <h3 className="font-medium">Discussions you follow</h3>
            {followed.length === 0 ? (
              <p className="meta">
                None. Follow a post’s comments with “Follow” above its comment form, or by ticking “Notify me of new
                comments” when you comment.
              </p>
            ) : (
              <ul className="mt-2 flex flex-col gap-2">
                {followed.map((post) => (
                  <li key={post.postId} className="flex flex-wrap items-center gap-3">
                    <Link href={`/posts/${post.slug}`}>{post.title}</Link>
                    <form action={followPostAction}>
                      <input type="hidden" name="postId" value={post.postId} />
                      <input type="hidden" name="follow" value="0" />
                      <input type="hidden" name="returnTo" value="/account" />
                      <button type="submit" className="underline" aria-label={`Unfollow ${post.title}`}>
                        Unfollow
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
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
