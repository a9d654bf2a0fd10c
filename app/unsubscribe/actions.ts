'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { postAction } from '@/lib/server/action';
import { unsubscribe, verifyUnsubscribe } from '@/lib/services/notifications';

const fields = z.object({
  u: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  k: z.enum(['replies', 'queue']),
  t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

/** The button of an emailed unsubscribe link: no account needed, the signed link is the permission. */
export const unsubscribeAction = postAction({
  schema: fields,
  invalid: 'This unsubscribe link is not valid.',
  who: 'anyone',
  fallback: '/unsubscribe',
  run: ({ data }) => {
    if (!verifyUnsubscribe(data.u, data.k, data.t)) redirect('/unsubscribe');
    unsubscribe(data.u, data.k);
    redirect(`/unsubscribe?${new URLSearchParams({ ...data, done: '1' })}`);
  },
});
