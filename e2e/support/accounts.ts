import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

export type Account = { name: string; email: string; password: string };

let counter = 0;

/** A new reader account, made through the sign-up form; the page is left signed in. */
export async function signUp(page: Page, returnTo = '/'): Promise<Account> {
  counter++;
  const stamp = `${Date.now().toString(36)}${process.pid}${counter}`;
  const account = { name: `Tester ${stamp}`, email: `tester-${stamp}@quire.test`, password: `correct horse ${stamp}` };
  await page.goto(`/signup?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).not.toHaveURL(/\/signup/);
  return account;
}

export async function signIn(page: Page, email: string, password: string, returnTo = '/') {
  await page.goto(`/signin?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A demo account's generated password, from the file the first start wrote. */
export function demoPassword(role: 'admin' | 'author' | 'moderator' | 'reader'): { email: string; password: string } {
  const file = readFileSync(join(import.meta.dirname, '..', '.data', 'demo-accounts.txt'), 'utf8');
  const line = file.split('\n').find((entry) => entry.startsWith(role));
  const [, email, password] = line!.trim().split(/\s+/);
  return { email: email!, password: password! };
}
