import type { Metadata } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { PendingCommentForm } from '@/components/pending-comment-form';
import {
  NO_PENDING_COMMENT,
  PENDING_COMMENT_COOKIE,
  PENDING_COMMENT_PATH,
  readPendingComment,
} from '@/lib/services/pending-comments';
import { getCurrentUser } from '@/lib/server/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your comment', robots: { index: false, follow: false } };

/**
 * Where signing in (or signing up) after writing a comment as a visitor comes back to: the kept
 * comment, posted at once by the page's script (or with one press of the button without it). If it
 * cannot be posted (a ban, closed comments, a limit), the reason shows here with the text in the box.
 */
export default async function PendingCommentPage() {
  const pending = await readPendingComment((await cookies()).get(PENDING_COMMENT_COOKIE)?.value);
  if (pending && !(await getCurrentUser())) {
    redirect(`/signin?returnTo=${encodeURIComponent(PENDING_COMMENT_PATH)}&notice=comment-kept`);
  }
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-6">
      <h1 className="font-serif text-3xl font-bold">Your comment</h1>
      {pending ? (
        <>
          <p>
            On <Link href={`/posts/${pending.slug}`}>{pending.title}</Link>
            {pending.parentId ? ', as a reply' : ''}.
          </p>
          <PendingCommentForm body={pending.body} />
        </>
      ) : (
        <p role="status">{NO_PENDING_COMMENT}</p>
      )}
    </main>
  );
}
