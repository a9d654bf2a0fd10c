'use server';

import { updateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import { postAction } from '@/lib/server/action';
import { unsubscribe, verifyUnsubscribe } from '@/lib/services/notifications';
import { unsubscribeLinkSchema } from '@/lib/validations/unsubscribe';

/** The button of an emailed unsubscribe link: no account needed, the signed link is the permission. */
export const unsubscribeAction = postAction({
  schema: unsubscribeLinkSchema,
  invalid: 'This unsubscribe link is not valid.',
  who: 'anyone',
  fallback: '/unsubscribe',
  run: async ({ data }) => {
    if (!verifyUnsubscribe(data, data.t)) redirect('/unsubscribe');
    for (const tag of await unsubscribe(data)) updateTag(tag);
    const query = new URLSearchParams({ u: data.u, k: data.k, ...(data.p ? { p: String(data.p) } : {}), t: data.t });
    query.set('done', '1');
    redirect(`/unsubscribe?${query}`);
  },
});
