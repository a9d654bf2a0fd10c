import { z } from 'zod';
import { isCommonPassword } from '../common-passwords';
import { PASSWORD_MIN_LENGTH } from './auth';

export const profileSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(80, 'Keep your name under 80 characters.'),
  handle: z
    .string()
    .trim()
    .toLowerCase()
    .min(2, 'Use at least 2 characters.')
    .max(30, 'Keep your handle under 30 characters.')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single hyphens, like ada-lovelace.'),
  bio: z.string().trim().max(500, 'Keep your bio under 500 characters.'),
  image: z
    .string()
    .trim()
    .max(500, 'That address is too long.')
    .refine((value) => value === '' || /^https:\/\/[^\s"'<>]+$/i.test(value), {
      message: 'Use an https:// address of an image, or leave it empty.',
    }),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(200),
  newPassword: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(200, 'Keep your password under 200 characters.')
    .refine((value) => !isCommonPassword(value), 'That password is too common; choose another.'),
});

export const deleteAccountSchema = z.object({
  password: z.string().min(1, 'Enter your password to confirm.').max(200),
});
