'use client';

import Link from 'next/link';
import { signOutAction } from '@/app/signout/actions';
import { CommentForm } from './comment-form';
import { FollowButton } from './follow-button';
import { Notice } from './notice';
import { useViewer } from './viewer-context';

type CommentAreaProps = {
  /** The post takes comments (not closed by its author or by age). */
  postOpen: boolean;
  /** A sentence an action sent back (per-request pages only). */
  notice?: string;
  problem?: string;
};

/**
 * What stands above the threads: who is signed in (or how to sign in) and the comment form. The
 * shared page carries a visitor's version: the form is there for everyone, and a visitor who posts
 * it is sent to sign in, with the text kept and posted after.
 */
export function CommentArea({ postOpen, notice, problem }: CommentAreaProps) {
  const { state, known, postId, slug } = useViewer();
  const returnTo = `/posts/${slug}#comments`;
  const query = `?returnTo=${encodeURIComponent(returnTo)}`;
  const who = state.user ? (
    <form action={signOutAction} className="meta flex flex-wrap items-center gap-2">
      <span>
        Signed in as <strong>{state.user.name}</strong>.
      </span>
      <Link href="/account">Your account</Link>
      {state.canEditPost ? <Link href={`/dashboard/posts/${postId}`}>Edit this post</Link> : null}
      <input type="hidden" name="returnTo" value={returnTo} />
      <button type="submit" className="underline">
        Sign out
      </button>
    </form>
  ) : known && postOpen ? (
    <p className="meta">
      <Link href={`/signin${query}`}>Sign in</Link> or <Link href={`/signup${query}`}>create an account</Link> to join
      the discussion: a comment you write here is posted once you have.
    </p>
  ) : null;
  return (
    <div className="mb-6 flex flex-col gap-3">
      <Notice notice={notice} problem={problem} />
      {who}
      <FollowButton />
      {!postOpen || (!state.commentsOpen && !state.banMessage) ? (
        <p className="rounded border border-[var(--color-line)] p-4">Comments are closed on this post.</p>
      ) : state.banMessage ? (
        <p role="alert" className="rounded border border-red-300 p-4">
          {state.banMessage}
        </p>
      ) : (
        <CommentForm postId={postId} label="Add a comment" submitLabel="Post comment" />
      )}
    </div>
  );
}
