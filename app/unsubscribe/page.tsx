import type { Metadata } from 'next';
import { z } from 'zod';
import { getUserById } from '@/db/queries/users';
import { verifyUnsubscribe } from '@/lib/services/notifications';
import { unsubscribeAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Email settings', robots: { index: false, follow: false } };

const unsubscribeParams = z.object({
  u: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  k: z.enum(['replies', 'queue']),
  t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

type UnsubscribePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const what = { replies: 'replies to your comments', queue: 'comments entering the moderation queue' };

/** The link at the foot of every notification: works without signing in, one button to confirm. */
export default async function UnsubscribePage({ searchParams }: UnsubscribePageProps) {
  const search = await searchParams;
  const parsed = unsubscribeParams.safeParse(search);
  const valid = parsed.success && verifyUnsubscribe(parsed.data.u, parsed.data.k, parsed.data.t);
  const person = valid ? getUserById({ id: parsed.data.u }) : null;
  if (!parsed.success || !valid || !person) {
    return (
      <main className="mx-auto max-w-xl py-10">
        <h1 className="font-serif text-3xl font-bold">This link does not work</h1>
        <p className="mt-4">
          The unsubscribe link is incomplete or was changed. Sign in and turn emails off on your account page instead.
        </p>
      </main>
    );
  }
  const done = search.done === '1';
  const on = parsed.data.k === 'replies' ? person.notifyReplies : person.notifyQueue;
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 py-10">
      <h1 className="font-serif text-3xl font-bold">Email about {what[parsed.data.k]}</h1>
      {done || !on ? (
        <p role="status">
          You will no longer get emails about {what[parsed.data.k]} at {person.email}. You can turn them back on from
          your account page.
        </p>
      ) : (
        <form action={unsubscribeAction} className="flex flex-col gap-3">
          <p>
            Stop sending emails about {what[parsed.data.k]} to {person.email}?
          </p>
          <input type="hidden" name="u" value={parsed.data.u} />
          <input type="hidden" name="k" value={parsed.data.k} />
          <input type="hidden" name="t" value={parsed.data.t} />
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
