import { PostView, postMetadata } from '@/components/post-view';
import { SignInPrompt } from '@/components/sign-in-prompt';

// Rendered on first request and cached for everyone until a write to this post (or to the set of
// published posts) invalidates it; nothing here depends on who is asking. Readers with a session
// cookie are sent by proxy.ts to ./signed-in, which renders the same view with their forms.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type PostPageProps = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: PostPageProps) {
  return postMetadata((await params).slug);
}

export default async function PostPage({ params }: PostPageProps) {
  const { slug } = await params;
  return <PostView slug={slug} commentArea={<SignInPrompt returnTo={`/posts/${slug}#comments`} />} />;
}
