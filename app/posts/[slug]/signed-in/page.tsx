import type { Metadata } from 'next';
import { CommentForm } from '@/components/comment-form';
import { PostView, postMetadata, loadPost } from '@/components/post-view';
import { SignInPrompt } from '@/components/sign-in-prompt';
import { signOutAction } from '@/app/signout/actions';
import { getCurrentUser } from '@/lib/session';

// The post page for readers with a session cookie (proxy.ts rewrites /posts/<slug> here when the
// cookie is present): the same view, rendered per request, with the comment form and reply forms.
// Visitors without the cookie never reach this route, so their page stays cached.
export const dynamic = 'force-dynamic';

type SignedInPostPageProps = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: SignedInPostPageProps): Promise<Metadata> {
  return postMetadata((await params).slug);
}

export default async function SignedInPostPage({ params }: SignedInPostPageProps) {
  const { slug } = await params;
  const [user, data] = await Promise.all([getCurrentUser(), loadPost(slug)]);
  const returnTo = `/posts/${slug}#comments`;
  if (!user || !data) return <PostView slug={slug} commentArea={<SignInPrompt returnTo={returnTo} />} />;
  const postId = data.post.id;
  const open = data.post.commentsOpen;
  return (
    <PostView
      slug={slug}
      commentArea={
        <div className="mb-6 flex flex-col gap-3">
          <form action={signOutAction} className="meta flex flex-wrap items-center gap-2">
            <span>
              Signed in as <strong>{user.name ?? user.handle}</strong>.
            </span>
            <input type="hidden" name="returnTo" value={returnTo} />
            <button type="submit" className="underline">
              Sign out
            </button>
          </form>
          {open ? (
            <CommentForm postId={postId} label="Add a comment" submitLabel="Post comment" />
          ) : (
            <p className="rounded border border-[var(--color-line)] p-4">Comments are closed on this post.</p>
          )}
        </div>
      }
      replyControl={
        open
          ? (commentId) => (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer text-[var(--color-accent)]">Reply</summary>
                <div className="mt-2">
                  <CommentForm postId={postId} parentId={commentId} label="Your reply" submitLabel="Post reply" />
                </div>
              </details>
            )
          : undefined
      }
    />
  );
}
