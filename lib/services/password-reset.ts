import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { createPasswordReset } from '@/db/queries/password-resets';
import { getSiteSettings } from '@/db/queries/settings';
import { getUserByEmail } from '@/db/queries/users';
import type { User } from '@/db/schema';
import { absoluteUrl } from '../server/env';
import type { Mail } from '../server/mailer';
import escapeHtml from 'escape-html';

export const PASSWORD_RESET_LINK_HOURS = 1;

/** The one answer to every reset request: it never tells whether the address has an account. */
export const PASSWORD_RESET_SENT = 'If an account uses that address, we have sent it a link to choose a new password.';

/** Only this hash is stored: a copy of the database does not hold working reset links. */
export function hashPasswordResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Starts a password reset and returns the mail to send, or null when no account uses the address
 * (then nothing is mailed: the address may not belong to whoever typed it). Accounts without a
 * password (email links, OAuth) get a link too, to set one. The caller answers the same either way.
 */
export async function startPasswordReset(
  input: { email: string; returnTo: string },
  now = new Date(),
): Promise<Mail | null> {
  const user = await getUserByEmail({ email: input.email });
  if (!user?.email) return null;
  const token = randomBytes(32).toString('base64url');
  await createPasswordReset({
    userId: user.id,
    tokenHash: hashPasswordResetToken(token),
    expiresAt: new Date(now.getTime() + PASSWORD_RESET_LINK_HOURS * 3_600_000),
    now,
  });
  const link = new URLSearchParams({ token });
  if (input.returnTo !== '/') link.set('returnTo', input.returnTo);
  return resetMail(user, (await getSiteSettings()).title, absoluteUrl(`/signin/reset/confirm?${link}`));
}

function resetMail(user: Pick<User, 'email' | 'passwordHash'>, title: string, url: string): Mail {
  const opening = user.passwordHash
    ? `Someone (perhaps you) asked to choose a new password for your account on ${title}. Open this link to choose it:`
    : `Someone (perhaps you) asked to set a password for your account on ${title}, which signs in without one so far. Open this link to choose it:`;
  const closing = `It works once, for ${PASSWORD_RESET_LINK_HOURS} hour; choosing the password signs you out on every device. If you did not ask, ignore this mail: nothing changes without the link.`;
  return {
    to: user.email!,
    subject: `Choose a new password for ${title}`,
    text: `${opening}\n\n${url}\n\n${closing}\n`,
    html: `<p>${escapeHtml(opening)}</p><p><a href="${escapeHtml(url)}">Choose a new password</a></p><p>${escapeHtml(closing)}</p>`,
  };
}
