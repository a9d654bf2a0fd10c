import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { verifyConfirmation } from '@/lib/services/subscriptions';
import { confirmSubscriptionAction } from '../actions';

export const metadata: Metadata = { title: 'Confirm your subscription', robots: { index: false } };

type ConfirmPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const linkFields = z.object({
  email: z.string().max(254),
  expires: z.coerce.number().int().positive(),
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

// Opening the link only shows a button: mail scanners that fetch every link must not subscribe anyone.
export default async function ConfirmSubscriptionPage({ searchParams }: ConfirmPageProps) {
  const parsed = linkFields.safeParse(await searchParams);
  const good = parsed.success && verifyConfirmation(parsed.data);
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">Confirm your subscription</h1>
      {good ? (
        <form action={confirmSubscriptionAction} className="flex flex-col gap-3">
          <p>
            Email new posts to <strong>{parsed.data.email}</strong>?
          </p>
          <input type="hidden" name="email" value={parsed.data.email} />
          <input type="hidden" name="expires" value={parsed.data.expires} />
          <input type="hidden" name="token" value={parsed.data.token} />
          <div>
            <button type="submit" className="button-primary">
              Confirm subscription
            </button>
          </div>
        </form>
      ) : (
        <p role="alert">
          This link has expired or was changed. <Link href="/subscribe">Subscribe again</Link> to get a new one.
        </p>
      )}
    </main>
  );
}
