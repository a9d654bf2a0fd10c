import { expect, test } from '@playwright/test';
import { readMails, readSignUpLink, signIn, signUp } from './support/accounts';
import { sql } from './support/people';

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function countUsers(email: string): Promise<{ n: number; verified: number }> {
  const [row] = await sql<{ n: number; verified: number }>(
    'select count(*) as n, count(email_verified) as verified from users where email = ?',
    email,
  );
  return row!;
}

test('a sign-up makes an account only through the mailed link, which works once', async ({ page }) => {
  const email = `confirm-${stamp()}@quire.test`;
  await page.goto('/signup?returnTo=%2Faccount');
  await page.getByLabel('Name').fill('Confirming Reader');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill('a long enough passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email to finish signing up' })).toBeVisible();

  // Not signed in, and no account yet.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?returnTo=%2Faccount$/);
  expect((await countUsers(email)).n).toBe(0);

  const link = await readSignUpLink(email);
  await page.goto(link);
  await expect(page.getByText(`Create the account for ${email}?`)).toBeVisible();
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByLabel('Name')).toHaveValue('Confirming Reader');
  expect(await countUsers(email)).toEqual({ n: 1, verified: 1 });

  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('This link has expired or was already used.');
  await expect(page.getByRole('button', { name: 'Create my account' })).toHaveCount(0);
});

test('a session cookie copied before signing out stops working when its owner signs out', async ({ page, browser }) => {
  await signUp(page, '/posts/hello-world');
  const copied = await page.context().cookies();
  expect(copied.some((cookie) => cookie.name === 'authjs.session-token')).toBe(true);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  // The copy works while the session is alive...
  expect(await (await thief.request.get('/api/me')).json()).toMatchObject({ signedIn: true });

  // The comment area's own controls (the site header has a Sign out and a Sign in of its own).
  await page.locator('#comments').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('#comments').getByRole('link', { name: 'Sign in' })).toBeVisible();

  // ...and not after "Sign out", though the JWT in it has not expired.
  expect(await (await thief.request.get('/api/me')).json()).toEqual({ signedIn: false });
  const account = await thief.newPage();
  await account.goto('/account');
  await expect(account).toHaveURL(/\/signin\?returnTo=%2Faccount$/);
  await thief.close();
});

test('sign-in links to one address are refused after five in an hour, with a sentence and the address kept', async ({
  page,
}) => {
  const email = `flood-${stamp()}@quire.test`;
  const ask = async () => {
    await page.goto('/signin');
    await page.getByLabel('Email for a sign-in link').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  };
  for (let attempt = 1; attempt <= 5; attempt++) {
    await ask();
    await expect(page).toHaveURL(/\/signin\/check-email$/);
  }
  await ask();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'We already sent several sign-in links to this address. Use the newest one, or try again in an hour.',
  );
  await expect(page.getByLabel('Email for a sign-in link')).toHaveValue(email);
  // Five mails, not six.
  await expect.poll(() => readMails(email).length).toBe(5);
});

test('sign-ups for one address are refused after three in an hour, keeping what was typed', async ({ page }) => {
  const email = `signup-flood-${stamp()}@quire.test`;
  const attempt = async () => {
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Flood');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
  };
  for (let count = 1; count <= 3; count++) {
    await attempt();
    await expect(page).toHaveURL(/\/signup\/check-email$/);
  }
  await attempt();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'We already sent several mails to this address. Look in your inbox, or try again in an hour.',
  );
  await expect(page.getByLabel('Name')).toHaveValue('Flood');
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(email);
});

test('sign-in does not follow a return address that only becomes another host once normalised', async ({
  page,
  baseURL,
}) => {
  const account = await signUp(page);
  await page.context().clearCookies();
  for (const returnTo of ['/.//evil.example/steal', '/..//evil.example/steal', '/%2F%2Fevil.example/steal']) {
    await signIn(page, account.email, account.password, returnTo);
    await expect(page).toHaveURL(`${baseURL}/`);
    await page.context().clearCookies();
  }
});
