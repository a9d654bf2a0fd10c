import Link from 'next/link';

type SignInPromptProps = { returnTo: string };

/** What visitors see in place of the comment form; the cached page is the same for all of them. */
export function SignInPrompt({ returnTo }: SignInPromptProps) {
  const query = `?returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <p className="mb-6 rounded border border-[var(--color-line)] bg-[var(--color-card)] p-4">
      <Link href={`/signin${query}`}>Sign in</Link> or <Link href={`/signup${query}`}>create an account</Link> to join
      the discussion.
    </p>
  );
}
