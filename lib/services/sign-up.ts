import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { createPendingSignUp } from '@/db/queries/pending-sign-ups';
import { getSiteSettings } from '@/db/queries/settings';
import { getUserByEmail } from '@/db/queries/users';
import { absoluteUrl } from '../server/env';
import type { Mail } from '../server/mailer';
import { hashPassword } from '../server/passwords';
import escapeHtml from 'escape-html';

export const SIGN_UP_LINK_HOURS = 24;

/** Only this hash is stored: a copy of the database does not hold working confirmation links. */
export function hashSignUpToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Starts a password sign-up and returns the mail to send. Both answers look the same from outside
 * (same work, same page, a mail either way): a new address gets a link that creates the account,
 * an address that already has one gets a note telling its owner how to sign in.
 */
export async function startSignUp(input: {
  name: string;
  email: string;
  password: string;
  returnTo: string;
}): Promise<Mail> {
  const passwordHash = await hashPassword(input.password);
  const { title } = await getSiteSettings();
  if (await getUserByEmail({ email: input.email })) return existingAccountMail(input.email, title);
  const token = randomBytes(32).toString('base64url');
  await createPendingSignUp({
    tokenHash: hashSignUpToken(token),
    email: input.email,
    name: input.name,
    passwordHash,
    returnTo: input.returnTo,
    expires: new Date(Date.now() + SIGN_UP_LINK_HOURS * 3_600_000),
  });
  return confirmationMail(input.email, title, absoluteUrl(`/signup/confirm?token=${token}`));
}

function confirmationMail(to: string, title: string, url: string): Mail {
  const closing = `It works once, for ${SIGN_UP_LINK_HOURS} hours. If you did not sign up, ignore this mail: no account is made without the link.`;
  return {
    to,
    subject: `Finish signing up to ${title}`,
    text: `Open this link to finish creating your account on ${title}:\n\n${url}\n\n${closing}\n`,
    html: `<p>Open this link to finish creating your account on ${escapeHtml(title)}:</p><p><a href="${escapeHtml(url)}">Finish signing up</a></p><p>${escapeHtml(closing)}</p>`,
  };
}

function existingAccountMail(to: string, title: string): Mail {
  const signIn = absoluteUrl('/signin');
  const lines = [
    `Someone (perhaps you) tried to create an account on ${title} with this email address. It already has an account, so nothing was changed.`,
    `If it was you, sign in instead: ${signIn}`,
    'Forgot your password? On that page, ask for a sign-in link: it signs you in without one.',
    'If it was not you, you can ignore this mail.',
  ];
  return {
    to,
    subject: `Someone tried to sign up to ${title} with your address`,
    text: `${lines.join('\n\n')}\n`,
    html: lines
      .map(
        (line) =>
          `<p>${escapeHtml(line).replace(escapeHtml(signIn), `<a href="${escapeHtml(signIn)}">${escapeHtml(signIn)}</a>`)}</p>`,
      )
      .join(''),
  };
}
