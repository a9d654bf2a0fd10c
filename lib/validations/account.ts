import { z } from 'zod';
import { newPasswordSchema } from './auth';

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
  newPassword: newPasswordSchema,
});

export const deleteAccountSchema = z.object({
  password: z.string().min(1, 'Enter your password to confirm.').max(200),
});
