'use server';

import { signOut } from '@/lib/auth';
import { safeReturnTo } from '@/lib/return-to';

export async function signOutAction(formData: FormData): Promise<void> {
  await signOut({ redirectTo: safeReturnTo(formData.get('returnTo')) });
}
