import type { ActionResult } from '@/lib/policies/form-state';

/** The form-wide answer of a server action: a `status` when it worked, else an alert. */
export function FormMessage({ state }: { state: ActionResult }) {
  if (!state.message) return null;
  const ok = state.ok;
  return (
    <p
      role={ok ? 'status' : 'alert'}
      className={
        ok
          ? 'rounded border border-[var(--color-line)] bg-[var(--color-accent-soft)] p-3'
          : 'rounded border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200'
      }
    >
      {state.message}
    </p>
  );
}

/** A submit button that says what is happening while its action runs. */
export function SubmitButton({ pending, idle, busy }: { pending: boolean; idle: string; busy: string }) {
  return (
    <div>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-paper)] disabled:opacity-60"
      >
        {pending ? busy : idle}
      </button>
    </div>
  );
}
