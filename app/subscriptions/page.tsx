import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Notice } from '@/components/notice';
import { getSubscriberByEmail } from '@/db/queries/subscriptions';
import { manageSubscriptionPath, verifyManageLink } from '@/lib/services/subscriptions';
import { manageSubscriptionLinkSchema } from '@/lib/validations/manage-subscription';
import { subscribeAction } from '../subscribe/actions';
import { endSubscriptionAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your subscription', robots: { index: false, follow: false } };

type SubscriptionsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const sentence = (value: string | string[] | undefined) =>
  typeof value === 'string' ? value.slice(0, 300) : undefined;

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/**
 * The emailed "Manage your subscription" link: the address, since when, and an Unsubscribe button.
 * Opening it changes nothing (mail scanners fetch every link); only the buttons (POST) do.
 */
export default async function SubscriptionsPage({ searchParams }: SubscriptionsPageProps) {
  const search = await searchParams;
  const parsed = manageSubscriptionLinkSchema.safeParse(search);
  // A tampered or incomplete link: a 404 with the sentence of ./not-found.tsx.
  if (!parsed.success || !verifyManageLink(parsed.data)) notFound();
  const { email, t } = parsed.data;
  const subscriber = await getSubscriberByEmail({ email });
  const here = manageSubscriptionPath(email);
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">Your subscription</h1>
      <Notice notice={sentence(search.notice)} problem={sentence(search.problem)} />
      {subscriber ? (
        <form action={endSubscriptionAction} className="flex flex-col gap-3">
          <p>
            New posts are emailed to <strong>{email}</strong>, subscribed since{' '}
            <time dateTime={subscriber.confirmedAt.toISOString()}>{dateFormat.format(subscriber.confirmedAt)}</time>.
          </p>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="t" value={t} />
          <div>
            <button type="submit" className="button-primary">
              Unsubscribe
            </button>
          </div>
        </form>
      ) : (
        // Subscribing again goes through the usual confirmation email (double opt-in).
        <form action={subscribeAction} className="flex flex-col gap-3">
          <p>
            <strong>{email}</strong> is not subscribed to new posts.
          </p>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="returnTo" value={here} />
          <div>
            <button type="submit" className="button-primary">
              Subscribe again
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
