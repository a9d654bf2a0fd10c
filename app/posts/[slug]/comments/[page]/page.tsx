import { notFound } from 'next/navigation';
import { PostView, postMetadata } from '@/components/post-view';
import { SignInPrompt } from '@/components/sign-in-prompt';
import { parsePageNumber } from '@/lib/pagination';

// Later pages of a post's comment threads (page 1 is the post's own address). Cached like the post.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type CommentPageProps = { params: Promise<{ slug: string; page: string }> };

export async function generateMetadata({ params }: CommentPageProps) {
  const { slug, page } = await params;
  return postMetadata(slug, parsePageNumber(page) ?? 1);
}

export default async function CommentPage({ params }: CommentPageProps) {
  const { slug, page: pageParam } = await params;
  const page = parsePageNumber(pageParam);
  if (page === null) notFound();
  return (
    <PostView slug={slug} commentPage={page} commentArea={<SignInPrompt returnTo={`/posts/${slug}#comments`} />} />
  );
}
