'use server';

import { updateTag } from 'next/cache';
import { after } from 'next/server';
import { z } from 'zod';
import { formAction, postAction } from '@/lib/server/action';
import {
  banUser,
  changeRole,
  deleteAccount,
  moderateComments,
  unbanUser,
  updateRules,
  type ModerationResult,
  banInput,
  moderateInput,
  roleInput,
} from '@/lib/services/moderation';
import { holdModes } from '@/lib/policies/moderation-policy';
import { notifyNewComment } from '@/lib/services/notifications';
import { canModerate, isAdmin } from '@/lib/policies/permissions';
import { requestCookieJar } from '@/lib/server/cookie-jar';
import { markViewerChanged } from '@/lib/services/viewer';

// Moderation forms: each works without JavaScript (a post and a redirect back with a notice). The
// checks live in lib/services/moderation.ts, so calling these directly gets no further than the pages.

function settle(result: ModerationResult): void {
  for (const tag of result.tags) updateTag(tag);
  // Approved comments are visible now: the person answered, the followers and the post's author hear of them.
  if (result.approved.length) {
    after(async () => {
      for (const id of result.approved) await notifyNewComment(id);
    });
  }
}

const userId = z.object({ userId: z.string().min(1).max(64) });
const fromForm = (formData: FormData) => Object.fromEntries(formData);

/**
 * Approve, remove, restore, dismiss reports or purge: one comment (a row's own button sends
 * `target=action:id`) or every selected one (`ids` checkboxes and `action`).
 */
export const moderateCommentsAction = postAction({
  schema: moderateInput,
  read: (formData) => {
    const target = /^([a-z-]+):(\d+)$/.exec(String(formData.get('target') ?? ''));
    const choice = String(formData.get('reasonChoice') ?? '');
    return {
      action: target ? target[1] : formData.get('action') || undefined,
      ids: (target ? [target[2]] : formData.getAll('ids')).map(Number),
      reason: choice === 'other' || choice === '' ? String(formData.get('reason') ?? '') : choice,
    };
  },
  who: canModerate,
  refusal: 'Only moderators and admins can moderate comments.',
  fallback: '/moderation',
  run: async ({ data, user }) => {
    const result = await moderateComments(user, data);
    settle(result);
    markViewerChanged(await requestCookieJar());
    return result;
  },
});

export const banUserAction = postAction({
  schema: banInput,
  read: (formData) => ({ ...fromForm(formData), removeComments: formData.get('removeComments') === 'on' }),
  who: canModerate,
  refusal: 'Only moderators and admins can ban people.',
  fallback: '/moderation',
  run: async ({ data, user }) => {
    const result = await banUser(user, data);
    settle(result);
    return result;
  },
});

export const unbanUserAction = postAction({
  schema: userId,
  who: canModerate,
  refusal: 'Only moderators and admins can lift bans.',
  fallback: '/moderation',
  run: ({ data, user }) => unbanUser(user, data),
});

export const changeRoleAction = postAction({
  schema: roleInput,
  invalid: 'Choose a role.',
  who: isAdmin,
  refusal: 'Only an admin can change roles.',
  fallback: '/admin/users',
  run: ({ data, user }) => changeRole(user, data),
});

export const deleteUserAction = postAction({
  schema: userId.extend({
    confirm: z.literal('on', { message: 'Tick “sure” next to Delete to delete an account.' }),
  }),
  who: isAdmin,
  refusal: 'Only an admin can delete accounts.',
  fallback: '/admin/users',
  run: async ({ data, user }) => {
    const result = await deleteAccount(user, data);
    settle(result);
    return result;
  },
});

const lines = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);

const numberField = (message: string) => z.coerce.number({ message }).int(message);

const rulesForm = z.object({
  holdMode: z.enum(holdModes, { message: 'Choose which comments to hold.' }),
  maxLinks: numberField('Enter a whole number of links.').min(0, 'Use 0 or more.').max(100, 'Use 100 or fewer.'),
  holdAfterDays: numberField('Enter a whole number of days.').min(0, 'Use 0 or more.'),
  closeAfterDays: numberField('Enter a whole number of days.').min(0, 'Use 0 or more.'),
  reportThreshold: numberField('Enter a whole number of reports.')
    .min(1, 'Use at least 1.')
    .max(100, 'Use 100 or fewer.'),
});

export const saveRulesAction = formAction({
  schema: rulesForm,
  keep: [
    'holdMode',
    'maxLinks',
    'holdWords',
    'blockWords',
    'blockEmailDomains',
    'holdAfterDays',
    'closeAfterDays',
    'reportThreshold',
  ],
  invalid: 'Please correct the fields marked below.',
  who: isAdmin,
  refusal: 'Only an admin can change the moderation rules.',
  run: async ({ data, user, formData }) => {
    const result = await updateRules(user, {
      ...data,
      holdWords: lines(formData.get('holdWords')),
      blockWords: lines(formData.get('blockWords')),
      blockEmailDomains: lines(formData.get('blockEmailDomains')).map((domain) => domain.replace(/^@/, '')),
    });
    if (!result.ok)
      return { ok: false, errors: 'errors' in result ? result.errors : undefined, message: result.message };
    for (const tag of result.tags) updateTag(tag);
    return { ok: true, message: result.message };
  },
});
