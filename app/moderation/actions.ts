'use server';

import { updateTag } from 'next/cache';
import { after } from 'next/server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import {
  banUser,
  changeRole,
  commentActions,
  deleteAccount,
  moderateComments,
  unbanUser,
  updateRules,
  type ModerationResult,
} from '@/lib/moderation';
import { holdModes } from '@/lib/moderation-policy';
import { notifyReply } from '@/lib/notifications';
import { safeReturnTo } from '@/lib/return-to';
import { getCurrentUser } from '@/lib/session';
import { markViewerChanged } from '@/lib/viewer';

// Moderation forms: each works without JavaScript (a post and a redirect back with a notice). The
// checks live in lib/moderation.ts, so calling these directly gets no further than the pages.

function settle(result: ModerationResult): void {
  for (const tag of result.tags) updateTag(tag);
  // Approved replies now tell the person they answer.
  if (result.approved.length) after(async () => Promise.all(result.approved.map((id) => notifyReply(id))));
}

function backWith(formData: FormData, result: { ok: boolean; message: string }, fallback = '/moderation'): never {
  const target = new URL(safeReturnTo(formData.get('returnTo'), fallback), 'http://quire.invalid');
  target.searchParams.set(result.ok ? 'notice' : 'problem', result.message.slice(0, 300));
  redirect(`${target.pathname}${target.search}${target.hash}`);
}

const ids = z.array(z.coerce.number().int().positive());

/**
 * Approve, remove, restore, dismiss reports or purge: one comment (a row's own button sends
 * `target=action:id`) or every selected one (`ids` checkboxes and `action`).
 */
export async function moderateCommentsAction(formData: FormData): Promise<void> {
  const target = /^([a-z-]+):(\d+)$/.exec(String(formData.get('target') ?? ''));
  const action = target ? target[1] : String(formData.get('action') ?? '');
  const selected = target ? [target[2]] : formData.getAll('ids');
  const parsedIds = ids.safeParse(selected);
  const parsedAction = z.enum(commentActions).safeParse(action);
  const choice = String(formData.get('reasonChoice') ?? '');
  const reason = choice === 'other' || choice === '' ? String(formData.get('reason') ?? '') : choice;
  if (!parsedAction.success) backWith(formData, { ok: false, message: 'Choose what to do with the comments.' });
  const result = moderateComments(await getCurrentUser(), {
    ids: parsedIds.success ? parsedIds.data : [],
    action: parsedAction.data,
    reason,
  });
  settle(result);
  await markViewerChanged();
  backWith(formData, result);
}

export async function banUserAction(formData: FormData): Promise<void> {
  const result = banUser(await getCurrentUser(), {
    userId: String(formData.get('userId') ?? ''),
    duration: String(formData.get('duration') ?? '') as never,
    reason: String(formData.get('reason') ?? ''),
    removeComments: formData.get('removeComments') === 'on',
  });
  settle(result);
  backWith(formData, result);
}

export async function unbanUserAction(formData: FormData): Promise<void> {
  const result = unbanUser(await getCurrentUser(), { userId: String(formData.get('userId') ?? '') });
  backWith(formData, result);
}

export async function changeRoleAction(formData: FormData): Promise<void> {
  const result = changeRole(await getCurrentUser(), {
    userId: String(formData.get('userId') ?? ''),
    role: String(formData.get('role') ?? '') as never,
  });
  backWith(formData, result, '/admin/users');
}

export async function deleteUserAction(formData: FormData): Promise<void> {
  if (formData.get('confirm') !== 'on') {
    backWith(formData, { ok: false, message: 'Tick “sure” next to Delete to delete an account.' }, '/admin/users');
  }
  const result = deleteAccount(await getCurrentUser(), { userId: String(formData.get('userId') ?? '') });
  settle(result);
  backWith(formData, result, '/admin/users');
}

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

export async function saveRulesAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, [
    'holdMode',
    'maxLinks',
    'holdWords',
    'blockWords',
    'blockEmailDomains',
    'holdAfterDays',
    'closeAfterDays',
    'reportThreshold',
  ]);
  const parsed = rulesForm.safeParse(values);
  if (!parsed.success)
    return { errors: fieldErrors(parsed.error), message: 'Please correct the fields marked below.', values };
  const result = updateRules(await getCurrentUser(), {
    ...parsed.data,
    holdWords: lines(formData.get('holdWords')),
    blockWords: lines(formData.get('blockWords')),
    blockEmailDomains: lines(formData.get('blockEmailDomains')).map((domain) => domain.replace(/^@/, '')),
  });
  if (!result.ok) return { errors: 'errors' in result ? result.errors : undefined, message: result.message, values };
  for (const tag of result.tags) updateTag(tag);
  return { message: result.message, values };
}
