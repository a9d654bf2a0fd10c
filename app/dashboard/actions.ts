'use server';

import { updateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { existingPageIds } from '@/db/queries/menu';
import { saveMenuItems } from '@/lib/services/menu';
import { getSiteSettings, newPostEmailBodies, saveSiteSettings } from '@/db/queries/settings';
import { cacheTags } from '@/lib/policies/cache-tags';
import { formAction, postAction } from '@/lib/server/action';
import type { ActionResult } from '@/lib/policies/form-state';
import { canEditMenu, canWrite, isAdmin } from '@/lib/policies/permissions';
import {
  createDraftPost,
  emptyTrash,
  moveToTrash,
  restoreFromTrash,
  type WorkflowResult,
} from '@/lib/services/post-workflow';
import type { CurrentUser } from '@/lib/server/session';
import { menuField, menuFormFields, menuFormSchema, targetChoice } from '@/lib/validations/menu';
import { idParam } from '@/lib/validations/params';

/** "New post": an empty draft, opened in the editor. */
export const createPostAction = postAction({
  schema: z.object({}),
  who: canWrite,
  refusal: 'Only authors can write posts.',
  fallback: '/dashboard',
  run: async ({ user }) => {
    const id = await createDraftPost({
      authorId: user.id,
      commentsOpen: (await getSiteSettings()).commentsOpenByDefault,
    });
    redirect(`/dashboard/posts/${id}`);
  },
});

/** "New page": an empty draft page (About, Contact…), opened in the same editor as posts. */
export const createPageAction = postAction({
  schema: z.object({}),
  who: canWrite,
  refusal: 'Only authors can write pages.',
  fallback: '/dashboard/pages',
  run: async ({ user }) => {
    const id = await createDraftPost({ authorId: user.id, commentsOpen: false, kind: 'page' });
    redirect(`/dashboard/posts/${id}`);
  },
});

/** The dashboard's row buttons, working without JavaScript: each goes back to the list it came from. */
function listAction(change: (user: CurrentUser, input: { postId: number }) => Promise<WorkflowResult>) {
  return postAction({
    schema: z.object({ postId: idParam }),
    invalid: 'That post does not exist.',
    who: canWrite,
    refusal: 'Only authors can change posts.',
    fallback: '/dashboard',
    run: async ({ data, user }) => settle(await change(user, data)),
  });
}

function settle(result: WorkflowResult | { ok: boolean; message: string }): ActionResult {
  if ('tags' in result) for (const tag of result.tags) updateTag(tag);
  const ok = 'kind' in result ? result.kind === 'saved' : result.ok;
  return { ok, message: result.message };
}

export const trashFromListAction = listAction(moveToTrash);
export const restoreFromListAction = listAction(restoreFromTrash);

export const emptyTrashAction = postAction({
  schema: z.object({}),
  who: isAdmin,
  refusal: 'Only an admin can empty the trash.',
  fallback: '/dashboard',
  run: async ({ user }) => settle(await emptyTrash(user)),
});

const settingsSchema = z.object({
  title: z.string().trim().min(1, 'The blog needs a title.').max(100, 'Keep the title under 100 characters.'),
  description: z.string().trim().max(300, 'Keep the description under 300 characters.'),
  postsPerPage: z.coerce
    .number({ message: 'Enter a number.' })
    .int('Enter a whole number.')
    .min(1, 'Show at least 1 post per page.')
    .max(50, 'Show at most 50 posts per page.'),
  commentsOpenByDefault: z.boolean(),
  newPostEmailBody: z.enum(newPostEmailBodies, { message: 'Choose the excerpt or the full post.' }),
});

export const saveSettingsAction = formAction({
  schema: settingsSchema,
  read: (formData) => ({
    ...Object.fromEntries(formData),
    commentsOpenByDefault: formData.get('commentsOpenByDefault') === 'on',
  }),
  keep: ['title', 'description', 'postsPerPage', 'commentsOpenByDefault', 'newPostEmailBody'],
  who: isAdmin,
  refusal: 'Only an admin can change the site settings.',
  invalid: 'Please correct the fields marked below.',
  run: async ({ data }) => {
    await saveSiteSettings(data);
    updateTag(cacheTags.site);
    updateTag(cacheTags.postLists);
    return { ok: true, message: 'Settings saved.' };
  },
});

/** The header menu, from the settings page's rows; it shows on every page from the next request. */
export const saveMenuAction = formAction({
  schema: menuFormSchema,
  keep: menuFormFields,
  who: canEditMenu,
  refusal: 'Only an admin can change the menu.',
  invalid: 'Please correct the menu links marked below.',
  run: async ({ data, formData }) => {
    const pageIds = data.flatMap((item) => (item.target.type === 'page' ? [item.target.pageId] : []));
    const pages = await existingPageIds(pageIds);
    const errors: Record<string, string> = {};
    for (const item of data) {
      if (item.target.type !== 'page' || pages.has(item.target.pageId)) continue;
      // The row that chose it, for the error beside its field.
      const choice = targetChoice(item.target);
      const row = menuFormFields.find((field) => field.startsWith('target-') && formData.get(field) === choice);
      errors[row ?? menuField.target(0)] = 'That page no longer exists. Choose another.';
    }
    if (Object.keys(errors).length > 0) {
      return { ok: false, errors, message: 'Please correct the menu links marked below.' };
    }
    await saveMenuItems(data);
    // The menu is in the layout: every cached page carries `menu` and shows the change on its next request.
    updateTag(cacheTags.menu);
    return { ok: true, message: data.length === 0 ? 'Menu saved: it is empty.' : 'Menu saved.' };
  },
});
