/** The sentence a form action sends back in the address (?notice= or ?problem=) after a redirect. */
export function Notice({ notice, problem }: { notice?: string; problem?: string }) {
  if (problem) {
    return (
      <p
        role="alert"
        className="rounded border border-red-300 bg-red-50 p-3 text-red-800 dark:bg-red-950 dark:text-red-200"
      >
        {problem}
      </p>
    );
  }
  if (notice) {
    return (
      <p role="status" className="rounded border border-[var(--color-line)] bg-[var(--color-accent-soft)] p-3">
        {notice}
      </p>
    );
  }
  return null;
}
