import type { Metadata } from 'next';
import { describeUnsubscribe, verifyUnsubscribe } from '@/lib/services/notifications';
import { unsubscribeLinkSchema } from '@/lib/validations/unsubscribe';
import { unsubscribeAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Email settings', robots: { index: false, follow: false } };

type UnsubscribePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The link at the foot of every email: works without signing in, one button to confirm. */
export default async function UnsubscribePage({ searchParams }: UnsubscribePageProps) {
  const search = await searchParams;
  const parsed = unsubscribeLinkSchema.safeParse(search);
  const valid = parsed.success && verifyUnsubscribe(parsed.data, parsed.data.t);
  if (!parsed.success || !valid) {
    return (
      <main className="mx-auto max-w-xl py-10">
        <h1 className="font-serif text-3xl font-bold">This link does not work</h1>
        <p className="mt-4">
          The unsubscribe link is incomplete or was changed. Sign in and turn emails off on your account page instead.
        </p>
      </main>
    );
  }
  const link = parsed.data;
  const { what, address, on } = await describeUnsubscribe(link);
  const done = search.done === '1';
  const to = address ? ` at ${address}` : '';
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 py-10">
      <h1 className="font-serif text-3xl font-bold">Email about {what}</h1>
      {done || !on ? (
        <p role="status">
          You will no longer get emails about {what}
          {to}.{' '}
          {link.k === 'posts'
            ? 'You can subscribe again from any page of the blog.'
            : 'You can turn them back on from your account page.'}
        </p>
      ) : (
        <form action={unsubscribeAction} className="flex flex-col gap-3">
          <p>
            Stop sending emails about {what}
            {address ? ` to ${address}` : ''}?
          </p>
          <input type="hidden" name="u" value={link.u} />
          <input type="hidden" name="k" value={link.k} />
          {link.p ? <input type="hidden" name="p" value={link.p} /> : null}
          <input type="hidden" name="t" value={link.t} />
          <div>
            <button type="submit" className="button-primary">
              Unsubscribe
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
