import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden, notFound } from 'next/navigation';
import { PostView } from '@/components/post-view';
import { getEditablePost } from '@/db/queries/authoring';
import { requireWriter } from '@/lib/server/access';
import { canEditPost } from '@/lib/policies/permissions';
import { previewData } from '@/lib/services/preview';
import { idParam } from '@/lib/validations/params';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Preview', robots: { index: false, follow: false } };

type PreviewPageProps = { params: Promise<{ id: string }> };

/** The post exactly as readers will see it, for its author and admins only, drafts included. */
export default async function PreviewPage({ params }: PreviewPageProps) {
  const { id } = await params;
  const user = await requireWriter(`/dashboard/posts/${id}/preview`);
  const postId = idParam.safeParse(id);
  if (!postId.success) notFound();
  const post = await getEditablePost({ id: postId.data });
  if (!post) notFound();
  if (!canEditPost(user, post)) forbidden();
  const data = await previewData(post);
  return (
    <div className="flex flex-col gap-6">
      <p
        role="status"
        className="rounded border border-amber-400 bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
      >
        Preview{post.status === 'published' ? ' of your unpublished changes' : ''} — only you and admins can see this
        page. <Link href={`/dashboard/posts/${post.id}`}>Back to the editor</Link>
      </p>
      <PostView
        slug={data.post.slug}
        preview={data}
        commentArea={<p className="meta mb-6">Readers will be able to comment here once the post is published.</p>}
      />
    </div>
  );
}
