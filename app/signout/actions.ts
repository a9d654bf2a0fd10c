'use server';

import { z } from 'zod';
import { postAction } from '@/lib/server/action';
import { signOut } from '@/lib/server/auth';
import { safeReturnTo } from '@/lib/policies/return-to';

export const signOutAction = postAction({
  schema: z.object({}),
  who: 'anyone',
  fallback: '/',
  run: async ({ formData }) => {
    await signOut({ redirectTo: safeReturnTo(formData.get('returnTo')) });
  },
});
