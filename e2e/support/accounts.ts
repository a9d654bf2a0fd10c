import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { expect, type Page } from '@playwright/test';
import { at, dataDir, openTestDatabase } from './database';

export type Account = { name: string; email: string; password: string };

let counter = 0;

/**
 * A new reader account, made through the sign-up form and the confirmation link mailed to it; the
 * page is left signed in.
 */
export async function signUp(page: Page, returnTo = '/'): Promise<Account> {
  counter++;
  const stamp = `${Date.now().toString(36)}${process.pid}${counter}`;
  const account = { name: `Tester ${stamp}`, email: `tester-${stamp}@quire.test`, password: `correct horse ${stamp}` };
  await page.goto(`/signup?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email to finish signing up' })).toBeVisible();
  await page.goto(await readSignUpLink(account.email));
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page).not.toHaveURL(/\/signup/);
  // The page has hydrated and knows who is here (the header asked): a form filled before that could
  // be sent while the page was still settling.
  await expect(page.getByRole('banner').getByRole('link', { name: account.name })).toBeVisible();
  return account;
}

/**
 * A new reader account for tests about something else: written straight into the test database
 * (the sign-up form and its mailed link have tests of their own) and signed in through the form,
 * which saves three page loads per account on a loaded machine.
 */
/** A new reader account straight in the database (email verified), not signed in anywhere. */
export async function insertReader(): Promise<Account & { id: string }> {
  counter++;
  const stamp = `${Date.now().toString(36)}${process.pid}${counter}`;
  const account = {
    id: randomUUID(),
    name: `Reader ${stamp}`,
    email: `reader-${stamp}@quire.test`,
    password: `correct horse ${stamp}`,
  };
  const db = openTestDatabase();
  try {
    await db.all(
      'insert into users (id, name, handle, email, email_verified, role, password_hash, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      account.id,
      account.name,
      `reader-${stamp}`,
      account.email,
      at(Date.now()),
      'reader',
      await hash(account.password),
      at(Date.now()),
    );
  } finally {
    await db.close();
  }
  return account;
}

/** A new reader account, signed in on this page. */
export async function newReader(page: Page, returnTo = '/'): Promise<Account> {
  const account = await insertReader();
  await signIn(page, account.email, account.password, returnTo);
  await expect(page).not.toHaveURL(/\/signin/);
  return account;
}

export async function signIn(page: Page, email: string, password: string, returnTo = '/') {
  await page.goto(`/signin?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** A demo account's generated password, from the file the first start wrote. */
export function demoPassword(
  role: 'admin' | 'author' | 'moderator' | 'reader',
  folder = dataDir(),
): { email: string; password: string } {
  const file = readFileSync(join(folder, 'demo-accounts.txt'), 'utf8');
  const line = file.split('\n').find((entry) => entry.startsWith(role));
  const [, email, password] = line!.trim().split(/\s+/);
  return { email: email!, password: password! };
}

/** The sign-in link from the newest mail to `to` in the outbox (waits for it to arrive). */
export function readSignInLink(to: string): Promise<string> {
  return readMailLink(to, /https?:\/\/[^\s"<>]+\/api\/auth\/callback\/nodemailer\?[^\s"<>]+/);
}

/** The sign-up confirmation link from the newest mail to `to` in the outbox. */
export function readSignUpLink(to: string): Promise<string> {
  return readMailLink(to, /https?:\/\/[^\s"<>]+\/signup\/confirm\?[^\s"<>]+/);
}

/** The decoded text of every mail to `to` in the outbox, newest first. */
export function readMails(to: string): string[] {
  const folder = join(dataDir(), 'outbox');
  const files = existsSync(folder)
    ? readdirSync(folder)
        .filter((file) => file.endsWith('.eml'))
        .sort()
        .reverse()
    : [];
  const address = new RegExp(`^To: ${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'mi');
  return files
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .filter((raw) => address.test(raw))
    .map((raw) =>
      // Decode every base64 body part.
      raw
        .split(/^--.*$/m)
        .map((part) => {
          const [headers = '', ...body] = part.split(/\r?\n\r?\n/);
          return /Content-Transfer-Encoding: base64/i.test(headers)
            ? Buffer.from(body.join('').replace(/\s+/g, ''), 'base64').toString('utf8')
            : part;
        })
        .join('\n'),
    );
}

/** The first link matching `pattern` in the newest mail to `to` that has one (waits for it to arrive). */
export async function readMailLink(to: string, pattern: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    for (const mail of readMails(to)) {
      const link = mail.match(pattern)?.[0];
      if (link) return link.replace(/&amp;/g, '&');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No mail to ${to} with a link like ${pattern} in the outbox`);
}
