'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { unsubscribe, verifyUnsubscribe } from '@/lib/notifications';

const fields = z.object({
  u: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  k: z.enum(['replies', 'queue']),
  t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

export async function unsubscribeAction(formData: FormData): Promise<void> {
  const parsed = fields.safeParse(Object.fromEntries(formData));
  if (!parsed.success || !verifyUnsubscribe(parsed.data.u, parsed.data.k, parsed.data.t)) redirect('/unsubscribe');
  unsubscribe(parsed.data.u, parsed.data.k);
  redirect(`/unsubscribe?${new URLSearchParams({ ...parsed.data, done: '1' })}`);
}
