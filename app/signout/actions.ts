'use server';

import { z } from 'zod';
import { postAction } from '@/lib/action';
import { signOut } from '@/lib/auth';
import { safeReturnTo } from '@/lib/return-to';

export const signOutAction = postAction({
  schema: z.object({}),
  who: 'anyone',
  fallback: '/',
  run: async ({ formData }) => {
    await signOut({ redirectTo: safeReturnTo(formData.get('returnTo')) });
  },
});
