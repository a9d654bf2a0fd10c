import { z } from 'zod';
import { isCommonPassword } from '../policies/common-passwords';
import { PASSWORD_MIN_LENGTH } from './limits';

export { PASSWORD_MIN_LENGTH };

const email = z
  .string()
  .trim()
  .max(254, 'That email address is too long.')
  .pipe(z.email({ message: 'Enter an email address like name@example.com.' }))
  .transform((value) => value.toLowerCase());

/** The rule for every new password: sign-up and password changes. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(200, 'Keep your password under 200 characters.')
  .refine((value) => !isCommonPassword(value), 'That password is too common; choose another.');

export const signUpSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(80, 'Keep your name under 80 characters.'),
  email,
  password: newPasswordSchema,
});

export const signInSchema = z.object({
  email,
  password: z.string().min(1, 'Enter your password.').max(200, 'That password is too long.'),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignInInput = z.infer<typeof signInSchema>;

export const emailLinkSchema = z.object({ linkEmail: email });

/** An email address as every form takes it: trimmed, checked, lower-cased. */
export { email as emailAddressSchema };
