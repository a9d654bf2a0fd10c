import { expect, test, type Page } from '@playwright/test';
import { readMailLink, readMails, signIn, signUp } from './support/accounts';

const SENT = 'If an account uses that address, we have sent it a link to choose a new password.';
const resetLink = /https?:\/\/[^\s"<>]+\/signin\/reset\/confirm\?[^\s"<>]+/;
const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function askForReset(page: Page, email: string) {
  await page.goto('/signin/reset');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
}

test('a forgotten password is replaced through a mailed link that works once and ends every session', async ({
  page,
  browser,
}) => {
  // `page` stays signed in as the account, like a laptop left at home.
  const account = await signUp(page, '/account');
  const context = await browser.newContext();
  const other = await context.newPage();

  await other.goto('/signin?returnTo=%2Faccount');
  await other.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(other).toHaveURL(/\/signin\/reset\?returnTo=%2Faccount$/);
  await other.getByLabel('Email', { exact: true }).fill(account.email);
  await other.getByRole('button', { name: 'Email me a link' }).click();
  await expect(other).toHaveURL(/\/signin\/reset\/sent\?returnTo=%2Faccount$/);
  await expect(other.getByRole('main').getByRole('status')).toHaveText(SENT);

  const link = await readMailLink(account.email, resetLink);
  // Opening the link (as a mail scanner would) does not use it up.
  await other.goto(link);
  await other.goto(link);
  await expect(other.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(other.getByText(`For the account ${account.email}.`)).toBeVisible();

  // A common password is refused next to the field, and the form stays usable.
  await other.getByLabel('New password').fill('password1234');
  await other.getByRole('button', { name: 'Save the new password' }).click();
  await expect(other.getByText('That password is too common; choose another.')).toBeVisible();
  await expect(other.getByLabel('New password')).toHaveValue('');
  expect(other.url()).toBe(link);

  const newPassword = `a fresh passphrase ${stamp()}`;
  await other.getByLabel('New password').fill(newPassword);
  await other.getByRole('button', { name: 'Save the new password' }).click();
  await expect(other).toHaveURL(/\/signin\?notice=password-changed&returnTo=%2Faccount$/);
  await expect(other.getByRole('main').getByRole('status')).toHaveText(
    'Your password is changed. Sign in with it now.',
  );

  // The session left signed in elsewhere has ended.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?returnTo=%2Faccount$/);

  // The old password no longer works; the new one does, and sign-in goes on where it started.
  await other.getByLabel('Email', { exact: true }).fill(account.email);
  await other.getByLabel('Password').fill(account.password);
  await other.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(other.getByRole('main').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
  await other.getByLabel('Email', { exact: true }).fill(account.email);
  await other.getByLabel('Password').fill(newPassword);
  await other.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(other).toHaveURL(/\/account$/);
  await expect(other.getByRole('heading', { name: 'Your account' })).toBeVisible();

  // The link was used: it is refused, with a way to ask again.
  await context.clearCookies();
  await other.goto(link);
  await expect(other.getByRole('main').getByRole('alert')).toContainText('This link has expired or was already used.');
  await expect(other.getByLabel('New password')).toHaveCount(0);
  await other.getByRole('link', { name: 'Ask for a new link' }).click();
  await expect(other).toHaveURL(/\/signin\/reset\?returnTo=%2Faccount$/);
  await context.close();
});

test('an address without an account gets the same answer and no mail', async ({ page, browser }) => {
  const account = await signUp(page);
  const nobody = `nobody-${stamp()}@quire.test`;
  const visitor = await browser.newPage();

  await askForReset(visitor, nobody);
  await expect(visitor).toHaveURL(/\/signin\/reset\/sent$/);
  const unknownAnswer = await visitor.getByRole('main').innerText();

  await askForReset(visitor, account.email);
  await expect(visitor).toHaveURL(/\/signin\/reset\/sent$/);
  expect(await visitor.getByRole('main').innerText()).toBe(unknownAnswer);
  expect(unknownAnswer).toContain(SENT);

  // The account's mail arrives (sent after the answer, like the other one would have been)...
  await readMailLink(account.email, resetLink);
  // ...and the unknown address got none.
  expect(readMails(nobody)).toHaveLength(0);
  await visitor.close();
});

test('an older reset link stops working once a newer one is asked for', async ({ page }) => {
  const account = await signUp(page);
  await page.context().clearCookies();
  await askForReset(page, account.email);
  const first = await readMailLink(account.email, resetLink);
  await askForReset(page, account.email);
  await expect.poll(() => readMails(account.email).filter((mail) => resetLink.test(mail)).length).toBe(2);
  const second = await readMailLink(account.email, resetLink);
  expect(second).not.toBe(first);

  await page.goto(first);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('This link has expired or was already used.');
  await page.goto(second);
  await page.getByLabel('New password').fill(`another passphrase ${stamp()}`);
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Your password is changed. Sign in with it now.');
  await signIn(page, account.email, account.password);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
});

test('reset requests for one address are refused after three in an hour, whether or not it has an account', async ({
  page,
}) => {
  const email = `reset-flood-${stamp()}@quire.test`;
  for (let request = 1; request <= 3; request++) {
    await askForReset(page, email);
    await expect(page).toHaveURL(/\/signin\/reset\/sent$/);
  }
  await askForReset(page, email);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'A new password was already asked for this address several times in the last hour. Use the newest link if one arrived, or try again in an hour.',
  );
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(email);
});
