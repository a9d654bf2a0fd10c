import type { ModerationAction } from '@/db/schema';

/** How the audit log names each action, in the filter and the list (the URL keeps the stored name). */
export const moderationActionLabels: Record<ModerationAction, string> = {
  approve: 'Approved',
  remove: 'Removed',
  restore: 'Restored',
  'dismiss-reports': 'Dismissed reports',
  'hide-by-reports': 'Hidden after reports',
  ban: 'Banned',
  unban: 'Lifted a ban',
  purge: 'Deleted for good',
  'change-role': 'Changed a role',
  'delete-user': 'Deleted an account',
  'update-rules': 'Changed the rules',
};
