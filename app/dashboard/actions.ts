'use server';

import { updateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { createDraft } from '@/db/queries/authoring';
import { getSiteSettings, saveSiteSettings } from '@/db/queries/settings';
import { cacheTags } from '@/lib/cache-tags';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import { canWrite, isAdmin } from '@/lib/permissions';
import { emptyTrash, moveToTrash, restoreFromTrash, type WorkflowResult } from '@/lib/post-workflow';
import { getCurrentUser } from '@/lib/session';
import { idParam } from '@/lib/validations/params';

/** "New post": an empty draft, opened in the editor. */
export async function createPostAction(): Promise<void> {
  const user = await getCurrentUser();
  if (!canWrite(user)) redirect('/dashboard');
  const id = createDraft({ authorId: user!.id, commentsOpen: getSiteSettings().commentsOpenByDefault });
  redirect(`/dashboard/posts/${id}`);
}

function backToList(formData: FormData, result: WorkflowResult | { ok: boolean; message: string }): never {
  const returnTo = String(formData.get('returnTo') ?? '');
  const list = /^\/dashboard(\?[^#]*)?$/.test(returnTo) ? returnTo : '/dashboard';
  const url = new URL(list, 'http://quire.invalid');
  url.searchParams.set('notice', result.message.slice(0, 200));
  redirect(`${url.pathname}${url.search}`);
}

function settleTags(result: WorkflowResult) {
  for (const tag of result.tags) updateTag(tag);
}

/** Dashboard row buttons, working without JavaScript. */
export async function trashFromListAction(formData: FormData): Promise<void> {
  const postId = idParam.safeParse(String(formData.get('postId') ?? ''));
  const result = moveToTrash(await getCurrentUser(), { postId: postId.success ? postId.data : 0 });
  settleTags(result);
  backToList(formData, result);
}

export async function restoreFromListAction(formData: FormData): Promise<void> {
  const postId = idParam.safeParse(String(formData.get('postId') ?? ''));
  const result = restoreFromTrash(await getCurrentUser(), { postId: postId.success ? postId.data : 0 });
  backToList(formData, result);
}

export async function emptyTrashAction(formData: FormData): Promise<void> {
  backToList(formData, emptyTrash(await getCurrentUser()));
}

const settingsSchema = z.object({
  title: z.string().trim().min(1, 'The blog needs a title.').max(100, 'Keep the title under 100 characters.'),
  description: z.string().trim().max(300, 'Keep the description under 300 characters.'),
  postsPerPage: z.coerce
    .number({ message: 'Enter a number.' })
    .int('Enter a whole number.')
    .min(1, 'Show at least 1 post per page.')
    .max(50, 'Show at most 50 posts per page.'),
  commentsOpenByDefault: z.boolean(),
});

export async function saveSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = {
    ...keptValues(formData, ['title', 'description', 'postsPerPage']),
    commentsOpenByDefault: formData.get('commentsOpenByDefault') === 'on' ? 'on' : '',
  };
  const user = await getCurrentUser();
  if (!isAdmin(user)) return { message: 'Only an admin can change the site settings.', values };
  const parsed = settingsSchema.safeParse({ ...values, commentsOpenByDefault: values.commentsOpenByDefault === 'on' });
  if (!parsed.success) {
    return { errors: fieldErrors(parsed.error), message: 'Please correct the fields marked below.', values };
  }
  saveSiteSettings(parsed.data);
  updateTag(cacheTags.site);
  updateTag(cacheTags.postLists);
  return { message: 'Settings saved.', values };
}
