'use server';

import { redirect } from 'next/navigation';
import { removeSubscriberByEmail } from '@/db/queries/subscriptions';
import { postAction } from '@/lib/server/action';
import { manageSubscriptionPath, verifyManageLink } from '@/lib/services/subscriptions';
import { manageSubscriptionLinkSchema } from '@/lib/validations/manage-subscription';

const INVALID = 'This subscription link is not valid.';

/** The Unsubscribe button of /subscriptions: no account needed, the signed link is the permission. */
export const endSubscriptionAction = postAction({
  schema: manageSubscriptionLinkSchema,
  invalid: INVALID,
  who: 'anyone',
  fallback: '/subscribe',
  run: async ({ data }) => {
    if (!verifyManageLink(data)) return { ok: false, message: INVALID };
    await removeSubscriberByEmail({ email: data.email });
    const notice = new URLSearchParams({ notice: `New posts will no longer be emailed to ${data.email}.` });
    redirect(`${manageSubscriptionPath(data.email)}&${notice.toString()}`);
  },
});
