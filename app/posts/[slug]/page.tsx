import { PostView, postMetadata } from '@/components/post-view';

// Rendered on first request and cached for everyone, signed in or not, until a write to this post
// (or to the set of published posts) invalidates it; nothing here depends on who is asking. What
// differs per viewer comes from GET /api/posts/<id>/viewer in the browser; addresses that open a
// form (`?reply=`, `?edit=`…) are sent by proxy.ts to ./per-request.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type PostPageProps = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: PostPageProps) {
  return postMetadata((await params).slug);
}

export default async function PostPage({ params }: PostPageProps) {
  return <PostView slug={(await params).slug} />;
}
