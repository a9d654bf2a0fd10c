import Link from 'next/link';

/** A /subscriptions link that is incomplete or was changed (answered with a 404). */
export default function SubscriptionLinkNotFound() {
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="font-serif text-3xl font-bold">This link does not work</h1>
      <p role="alert">
        This subscription link is incomplete or was changed. Use the link in your latest email from us, or{' '}
        <Link href="/subscribe">subscribe again</Link>.
      </p>
    </main>
  );
}
