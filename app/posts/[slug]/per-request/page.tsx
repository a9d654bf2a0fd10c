import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { signOutAction } from '@/app/signout/actions';
import { CommentControls, type OpenCommentForm } from '@/components/comment-controls';
import { CommentForm } from '@/components/comment-form';
import { loadPost, PostView, postMetadata } from '@/components/post-view';
import { SignInPrompt } from '@/components/sign-in-prompt';
import { ModeratorControls } from '@/components/moderator-controls';
import { Notice } from '@/components/notice';
import { getReaderCommentState, listCommentsForViewer } from '@/db/queries/comments';
import { getModerationRules } from '@/db/queries/moderation';
import { banMessage, closedByAge, isBanned } from '@/lib/moderation-policy';
import { parseCommentPath } from '@/lib/comment-tree';
import { canModerate, canWrite, isAdmin } from '@/lib/permissions';
import { getCurrentUser } from '@/lib/session';

// The post page for readers with a session cookie (proxy.ts rewrites /posts/<slug> here when the
// cookie is present): the same view, rendered per request, with the reader's forms and controls.
// Visitors without the cookie never reach this route, so their page stays cached.
export const dynamic = 'force-dynamic';

type SignedInPostPageProps = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const commentId = z.coerce.number().int().positive();

function openForm(search: Record<string, string | string[] | undefined>): OpenCommentForm {
  for (const kind of ['reply', 'edit', 'report', 'remove'] as const) {
    const parsed = commentId.safeParse(search[kind]);
    if (parsed.success) return { kind, commentId: parsed.data };
  }
  return null;
}

export async function generateMetadata({ params }: SignedInPostPageProps): Promise<Metadata> {
  return postMetadata((await params).slug);
}

export default async function SignedInPostPage({ params, searchParams }: SignedInPostPageProps) {
  const { slug } = await params;
  const [user, data, search] = await Promise.all([getCurrentUser(), loadPost(slug), searchParams]);
  const returnTo = `/posts/${slug}#comments`;
  if (!user || !data) return <PostView slug={slug} commentArea={<SignInPrompt returnTo={returnTo} />} />;
  const moderates = canModerate(user);
  const { id: postId } = data.post;
  const now = new Date();
  const commentsOpen = data.post.commentsOpen && !closedByAge(data.post.publishedAt, now, getModerationRules());
  const reader = getReaderCommentState({ postId, userId: user.id });
  const banned = isBanned(user, now);
  const comments = listCommentsForViewer({ postId, viewer: { userId: user.id, moderates } });
  const open = openForm(search);
  // proxy.ts passes the rest of a /comments/… address as `cpath`.
  const view = typeof search.cpath === 'string' ? parseCommentPath(search.cpath.split('/')) : null;
  const here = `/posts/${slug}${view ? `/comments/${search.cpath}` : ''}`;
  // The reader's own area: who is signed in, and the comment form or why there is none.
  const notice = typeof search.notice === 'string' ? search.notice.slice(0, 300) : undefined;
  const problem = typeof search.problem === 'string' ? search.problem.slice(0, 300) : undefined;
  const area = (
    <div className="mb-6 flex flex-col gap-3">
      <Notice notice={notice} problem={problem} />
      <form action={signOutAction} className="meta flex flex-wrap items-center gap-2">
        <span>
          Signed in as <strong>{user.name ?? user.handle}</strong>.
        </span>
        <Link href="/account">Your account</Link>
        {isAdmin(user) || (canWrite(user) && user.handle === data.post.author.handle) ? (
          <Link href={`/dashboard/posts/${postId}`}>Edit this post</Link>
        ) : null}
        <input type="hidden" name="returnTo" value={returnTo} />
        <button type="submit" className="underline">
          Sign out
        </button>
      </form>
      {banned ? (
        <p role="alert" className="rounded border border-red-300 p-4">
          {banMessage(user)}
        </p>
      ) : commentsOpen ? (
        <CommentForm postId={postId} label="Add a comment" submitLabel="Post comment" />
      ) : (
        <p className="rounded border border-[var(--color-line)] p-4">Comments are closed on this post.</p>
      )}
    </div>
  );
  return (
    <PostView
      slug={slug}
      commentPage={view?.page ?? 1}
      commentOrder={view?.order ?? 'oldest'}
      commentArea={area}
      closedArea={area}
      comments={comments}
      commentControls={(comment) => (
        <>
          <CommentControls
            comment={comment}
            postId={postId}
            slug={slug}
            commentsOpen={commentsOpen && !banned}
            reader={reader}
            open={open}
            now={now}
          />
          {moderates ? (
            <ModeratorControls
              comment={comment}
              viewerId={user.id}
              slug={slug}
              returnTo={here}
              removeOpen={open?.kind === 'remove' && open.commentId === comment.id}
            />
          ) : null}
        </>
      )}
    />
  );
}
