import { notFound } from 'next/navigation';
import { PostView, postMetadata } from '@/components/post-view';
import { parseCommentPath } from '@/lib/policies/comment-tree';

// Other pages and orders of a post's comment threads: /comments/2, /comments/newest, /comments/newest/2.
// Page 1 oldest-first is the post's own address. Cached like the post.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type CommentPageProps = { params: Promise<{ slug: string; path: string[] }> };

export async function generateMetadata({ params }: CommentPageProps) {
  const { slug, path } = await params;
  const view = parseCommentPath(path);
  return postMetadata(slug, view?.page, view?.order);
}

export default async function CommentPage({ params }: CommentPageProps) {
  const { slug, path } = await params;
  const view = parseCommentPath(path);
  if (!view) notFound();
  return <PostView slug={slug} commentPage={view.page} commentOrder={view.order} />;
}
