'use server';

import { redirect } from 'next/navigation';
import { restoreFromTrash } from '@/lib/services/post-workflow';
import { getCurrentUser } from '@/lib/server/session';
import { idParam } from '@/lib/validations/params';

/** The trashed post's "Restore" button, without JavaScript. */
export async function restorePostFormAction(formData: FormData): Promise<void> {
  const postId = idParam.safeParse(String(formData.get('postId') ?? ''));
  if (!postId.success) redirect('/dashboard');
  const result = await restoreFromTrash(await getCurrentUser(), { postId: postId.data });
  if (result.kind !== 'saved') redirect(`/dashboard?notice=${encodeURIComponent(result.message)}`);
  redirect(`/dashboard/posts/${postId.data}`);
}
