import 'server-only';
import { z } from 'zod';
import {
  banWithLog,
  countOpenReporters,
  getCommentsForModeration,
  deleteUserWithLog,
  saveModerationRulesWithLog,
  setUserRoleWithLog,
  writeModerationSteps,
  type Actor,
  type ModerationStep,
} from '@/db/queries/moderation';
import { countPostsByAuthor, getUserById } from '@/db/queries/users';
import { roles, type CommentStatus, type Role } from '@/db/schema';
import { cacheTags } from '../policies/cache-tags';
import { formatDateTime } from '../policies/format';
import { removalReasons } from '../policies/moderation-reasons';
import {
  banDurations,
  banEnd,
  moderationRulesSchema,
  reportsHide,
  type BanDuration,
} from '../policies/moderation-policy';
import { canModerate, isAdmin } from '../policies/permissions';
import type { CurrentUser } from '../server/session';
import { getModerationRules } from './moderation-rules';

// What moderators and admins can do to comments and people, with the checks and the log entry
// for each. Server actions call these and invalidate the returned tags.

export type ModerationResult =
  | { ok: true; message: string; tags: string[]; approved: number[] }
  | { ok: false; message: string; tags: []; approved: [] };

const refused = (message: string): ModerationResult => ({ ok: false, message, tags: [], approved: [] });

export const actorOf = (user: CurrentUser): Actor => ({ id: user.id, name: user.name ?? user.handle });

export const commentActions = ['approve', 'remove', 'restore', 'dismiss-reports', 'purge'] as const;
export type CommentAction = (typeof commentActions)[number];

export { removalReasons };

export const moderateInput = z.object({
  ids: z.array(z.number().int().positive()).min(1, 'Select at least one comment.').max(200),
  action: z.enum(commentActions, { message: 'Choose what to do with the comments.' }),
  reason: z.string().trim().max(500, 'Keep the reason under 500 characters.').default(''),
});

// A comment shown or hidden changes its post's pages and the listings' counts, nothing else.
const tagsFor = (slugs: Iterable<string>) => [
  ...new Set([...slugs].map((slug) => cacheTags.post(slug))),
  cacheTags.commentCounts,
];

const pastTense: Record<CommentAction, string> = {
  approve: 'Approved',
  remove: 'Removed',
  restore: 'Restored',
  'dismiss-reports': 'Dismissed the reports on',
  purge: 'Deleted for good',
};

/** Approve, remove, restore, dismiss reports on, or (admins) purge one or many comments. */
export async function moderateComments(
  user: CurrentUser | null,
  raw: z.input<typeof moderateInput>,
  now = new Date(),
): Promise<ModerationResult> {
  if (!user || !canModerate(user)) return refused('Only moderators and admins can moderate comments.');
  const parsed = moderateInput.safeParse(raw);
  if (!parsed.success) return refused(parsed.error.issues[0]?.message ?? 'The request is not valid.');
  const { ids, action, reason } = parsed.data;
  if (action === 'purge' && !isAdmin(user)) return refused('Only an admin can delete comments for good.');
  const found = await getCommentsForModeration([...new Set(ids)]);
  if (found.length === 0) return refused('Those comments no longer exist.');
  const actor = actorOf(user);
  const approved: number[] = [];
  // Decided here from the rows read above, then written together in one transaction.
  const steps: ModerationStep[] = [];
  for (const comment of found) {
    if (comment.status === 'deleted') continue;
    const step = (
      change: Pick<Extract<ModerationStep, { kind: 'comment' }>, 'status' | 'resolveReportsAt' | 'purge'>,
    ) => {
      steps.push({
        kind: 'comment',
        commentId: comment.id,
        ...change,
        log: {
          actor,
          action,
          commentId: comment.id,
          targetUserId: comment.authorId,
          targetName: comment.authorName,
          reason,
          details: found.length > 1 ? `bulk action on ${found.length} comments` : '',
        },
      });
    };
    switch (action) {
      case 'approve':
        if (comment.status !== 'pending') continue;
        step({ status: { to: 'visible', from: comment.status }, resolveReportsAt: now });
        approved.push(comment.id);
        break;
      case 'remove':
        if (comment.status === 'removed') continue;
        step({
          status: { to: 'removed', from: comment.status as CommentStatus, removedReason: reason, removedAt: now },
          resolveReportsAt: now,
        });
        break;
      case 'restore':
        if (comment.status !== 'removed') continue;
        step({ status: { to: 'visible', from: comment.status } });
        break;
      case 'dismiss-reports':
        // A comment hidden only by reports comes back; one held by a rule still waits.
        step({
          resolveReportsAt: now,
          ...(comment.status === 'pending' && comment.heldReason === 'reports'
            ? { status: { to: 'visible', from: comment.status } }
            : {}),
        });
        break;
      case 'purge':
        step({ purge: { parentId: comment.parentId } });
        break;
    }
  }
  // What another moderator changed in the meantime is left as they left it.
  const done = await writeModerationSteps(steps);
  const changed = done.size;
  if (changed === 0) return refused('Nothing to do: the selected comments are already in that state.');
  return {
    ok: true,
    message: `${pastTense[action]} ${changed} comment${changed === 1 ? '' : 's'}.`,
    tags: tagsFor(new Set(found.filter((comment) => done.has(comment.id)).map((comment) => comment.postSlug))),
    approved: approved.filter((id) => done.has(id)),
  };
}

export const banInput = z.object({
  userId: z.string().min(1).max(64),
  duration: z.enum(Object.keys(banDurations) as [BanDuration, ...BanDuration[]], { message: 'Choose how long.' }),
  reason: z.string().trim().min(1, 'Say why, for the log and for the person banned.').max(500),
  removeComments: z.boolean().default(false),
});

/** Only admins can ban moderators and admins; nobody bans themselves. */
function mayActOn(user: CurrentUser, target: { id: string; role: Role }): string | null {
  if (target.id === user.id) return 'You cannot do this to your own account.';
  if ((target.role === 'moderator' || target.role === 'admin') && !isAdmin(user)) {
    return 'Only an admin can do this to a moderator or an admin.';
  }
  return null;
}

/** Bans a user from commenting for a while or for good, optionally removing their comments. */
export async function banUser(
  user: CurrentUser | null,
  raw: z.input<typeof banInput>,
  now = new Date(),
): Promise<ModerationResult> {
  if (!user || !canModerate(user)) return refused('Only moderators and admins can ban people.');
  const parsed = banInput.safeParse(raw);
  if (!parsed.success) return refused(parsed.error.issues[0]?.message ?? 'The request is not valid.');
  const { userId, duration, reason, removeComments } = parsed.data;
  const target = await getUserById({ id: userId });
  if (!target) return refused('That account no longer exists.');
  const problem = mayActOn(user, target);
  if (problem) return refused(problem);
  const until = banEnd(duration, now);
  const targetName = target.name ?? target.handle;
  const { removedFrom } = await banWithLog({
    userId: target.id,
    until,
    reason,
    removeCommentsAt: removeComments ? now : null,
    log: { actor: actorOf(user), action: 'ban', targetUserId: target.id, targetName, reason },
    details: (removed) =>
      `${duration === 'permanent' ? 'permanently' : `for ${duration}`}${removeComments ? `; removed ${removed} comments` : ''}`,
  });
  const slugs = new Set(removedFrom);
  const removed = removedFrom.length;
  return {
    ok: true,
    message: `${targetName} is banned ${duration === 'permanent' ? 'permanently' : `until ${formatDateTime(until)}`}${removeComments ? `; ${removed} comment${removed === 1 ? '' : 's'} removed` : ''}.`,
    tags: slugs.size ? tagsFor(slugs) : [],
    approved: [],
  };
}

export async function unbanUser(user: CurrentUser | null, raw: { userId: string }): Promise<ModerationResult> {
  if (!user || !canModerate(user)) return refused('Only moderators and admins can lift bans.');
  const target = await getUserById({ id: String(raw?.userId ?? '') });
  if (!target) return refused('That account no longer exists.');
  const problem = mayActOn(user, target);
  if (problem) return refused(problem);
  await writeModerationSteps([
    {
      kind: 'ban',
      userId: target.id,
      until: null,
      reason: '',
      log: { actor: actorOf(user), action: 'unban', targetUserId: target.id, targetName: target.name ?? target.handle },
    },
  ]);
  return { ok: true, message: `${target.name ?? target.handle} may comment again.`, tags: [], approved: [] };
}

/** Admins: the graduated rules. */
export async function updateRules(
  user: CurrentUser | null,
  raw: unknown,
): Promise<ModerationResult | { ok: false; errors: Record<string, string>; message: string }> {
  if (!isAdmin(user)) return refused('Only an admin can change the moderation rules.');
  const parsed = moderationRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { ok: false, errors, message: 'Please correct the fields marked below.' };
  }
  await saveModerationRulesWithLog(parsed.data, {
    actor: actorOf(user!),
    action: 'update-rules',
    details: JSON.stringify(parsed.data).slice(0, 2000),
  });
  // Closing by age changes what post pages show.
  return { ok: true, message: 'Rules saved.', tags: [cacheTags.allPosts], approved: [] };
}

export const roleInput = z.object({ userId: z.string().min(1).max(64), role: z.enum(roles) });

/** Another admin took this one's role away (or deleted the account) meanwhile. */
const NO_LONGER_ADMIN = 'You are no longer an admin: another admin changed your role.';

const HAS_POSTS = 'This person has posts. Move or delete their posts first.';

/** Admins: a user's role. */
export async function changeRole(user: CurrentUser | null, raw: z.input<typeof roleInput>): Promise<ModerationResult> {
  if (!user || !isAdmin(user)) return refused('Only an admin can change roles.');
  const parsed = roleInput.safeParse(raw);
  if (!parsed.success) return refused('Choose a role.');
  const target = await getUserById({ id: parsed.data.userId });
  if (!target) return refused('That account no longer exists.');
  if (target.id === user.id) return refused('You cannot change your own role.');
  const changed = await setUserRoleWithLog(target.id, parsed.data.role, {
    actor: actorOf(user),
    action: 'change-role',
    targetUserId: target.id,
    targetName: target.name ?? target.handle,
    details: `${target.role} → ${parsed.data.role}`,
  });
  if (changed === 'not-admin') return refused(NO_LONGER_ADMIN);
  return {
    ok: true,
    message: `${target.name ?? target.handle} is now ${parsed.data.role === 'admin' ? 'an' : 'a'} ${parsed.data.role}.`,
    tags: [],
    approved: [],
  };
}

/** Admins: deletes an account (its comments stay, as from "deleted user"). */
export async function deleteAccount(user: CurrentUser | null, raw: { userId: string }): Promise<ModerationResult> {
  if (!user || !isAdmin(user)) return refused('Only an admin can delete accounts.');
  const target = await getUserById({ id: String(raw?.userId ?? '') });
  if (!target) return refused('That account no longer exists.');
  if (target.id === user.id) return refused('Delete your own account from your account page.');
  if ((await countPostsByAuthor({ userId: target.id })) > 0) return refused(HAS_POSTS);
  const deleted = await deleteUserWithLog(target.id, {
    actor: actorOf(user),
    action: 'delete-user',
    targetUserId: target.id,
    targetName: target.name ?? target.handle,
  });
  if (deleted === 'not-admin') return refused(NO_LONGER_ADMIN);
  if (deleted === 'has-posts') return refused(HAS_POSTS);
  return {
    ok: true,
    message: `The account of ${target.name ?? target.handle} is deleted.`,
    tags: [cacheTags.allPosts],
    approved: [],
  };
}

/** After a report: hides the comment into the queue once enough distinct readers reported it. */
export async function hideIfReportedEnough(commentId: number): Promise<boolean> {
  const [comment] = await getCommentsForModeration([commentId]);
  if (!comment || comment.status !== 'visible') return false;
  if (!reportsHide(await countOpenReporters(commentId), await getModerationRules())) return false;
  const done = await writeModerationSteps([
    {
      kind: 'comment',
      commentId,
      // Only once: of two reports reaching the threshold at the same moment, one hides it.
      status: { to: 'pending', from: 'visible', heldReason: 'reports' },
      log: {
        actor: { id: null, name: 'Quire (report threshold)' },
        action: 'hide-by-reports',
        commentId,
        targetUserId: comment.authorId,
        targetName: comment.authorName,
        reason: 'Reports from enough readers',
      },
    },
  ]);
  return done.has(commentId);
}
