import type { Metadata } from 'next';
import { forbidden, notFound } from 'next/navigation';
import { PostEditorLoader } from '@/components/editor/post-editor-loader';
import { getEditablePost, listAllLabelNames } from '@/db/queries/authoring';
import { requireWriter } from '@/lib/server/access';
import { canEditPost } from '@/lib/policies/permissions';
import { snapshotOf } from '@/lib/services/post-workflow';
import { idParam } from '@/lib/validations/params';
import { restorePostFormAction } from './form-actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit post', robots: { index: false, follow: false } };

type EditorPageProps = { params: Promise<{ id: string }> };

export default async function EditorPage({ params }: EditorPageProps) {
  const { id } = await params;
  const user = await requireWriter(`/dashboard/posts/${id}`);
  const postId = idParam.safeParse(id);
  if (!postId.success) notFound();
  const post = await getEditablePost({ id: postId.data });
  if (!post) notFound();
  if (!canEditPost(user, post)) forbidden();
  if (post.status === 'trashed') {
    return (
      <main className="flex max-w-xl flex-col gap-4">
        <h1 className="font-serif text-3xl font-bold">{post.title || 'Untitled'}</h1>
        <p>This post is in the trash. Restore it to edit it; it comes back as a draft.</p>
        <form action={restorePostFormAction}>
          <input type="hidden" name="postId" value={post.id} />
          <button type="submit" className="button-primary">
            Restore from trash
          </button>
        </form>
      </main>
    );
  }
  return (
    <PostEditorLoader
      initial={await snapshotOf(post)}
      authorName={post.authorName}
      knownLabels={await listAllLabelNames()}
    />
  );
}
