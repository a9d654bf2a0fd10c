import { subscribeAction } from '@/app/subscribe/actions';

type SubscribeFormProps = { id: string; title?: string };

/** "Follow by email": a plain form (no JavaScript needed) that sends a confirmation link. */
export function SubscribeForm({ id, title = 'Follow by email' }: SubscribeFormProps) {
  return (
    <form action={subscribeAction} className="flex flex-col gap-2" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="font-medium text-[var(--color-ink,inherit)]">
        {title}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-email`} className="sr-only">
          Your email address
        </label>
        <input
          id={`${id}-email`}
          type="email"
          name="email"
          required
          maxLength={254}
          autoComplete="email"
          placeholder="you@example.com"
          className="rounded border border-[var(--color-line)] bg-[var(--color-card)] px-3 py-1.5"
        />
        <button type="submit" className="button-secondary">
          Subscribe
        </button>
      </div>
      <p className="meta">
        New posts by email. We send a link to confirm first; every email has a one-click unsubscribe.
      </p>
    </form>
  );
}
