'use server';

import { signIn } from '@/lib/auth';
import { createUser, getUserByEmail } from '@/db/queries/users';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import { hashPassword } from '@/lib/passwords';
import { safeReturnTo } from '@/lib/return-to';
import { signUpSchema } from '@/lib/validations/auth';

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['name', 'email']);
  const parsed = signUpSchema.safeParse({
    name: formData.get('name'),
    email: formData.get('email'),
    password: formData.get('password'),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const { name, email, password } = parsed.data;
  if (getUserByEmail({ email })) {
    return { errors: { email: 'An account with this email already exists. Sign in instead.' }, values };
  }
  createUser({ name, email, role: 'reader', passwordHash: await hashPassword(password) });
  await signIn('credentials', { email, password, redirectTo: safeReturnTo(formData.get('returnTo')) });
  return { values };
}
