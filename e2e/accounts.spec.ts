import { expect, test } from '@playwright/test';
import { demoPassword, readMails, readSignInLink, signIn, signUp } from './support/accounts';

test('sign-up shows field errors next to the fields and keeps what was typed', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Ada Tester');
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('Ada Tester');
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('not-an-email');
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Email', { exact: true }).fill('ada.tester@quire.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('That password is too common; choose another.')).toBeVisible();
});

test('a new reader signs up, lands where they came from, and can sign out and in again', async ({ page }) => {
  const account = await signUp(page, '/posts/hello-world#comments');
  await expect(page).toHaveURL(/\/posts\/hello-world#comments$/);
  await expect(page.getByText(`Signed in as ${account.name}.`)).toBeVisible();
  // The comment area's own controls (the site header has a Sign out and a Sign in of its own).
  await page.locator('#comments').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('#comments').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Signed in as')).toHaveCount(0);

  await signIn(page, account.email, account.password, '/posts/hello-world');
  await expect(page.getByText(`Signed in as ${account.name}.`)).toBeVisible();
});

test('sign-up answers the same for a taken email and mails its owner instead', async ({ page, browser }) => {
  const account = await signUp(page);
  const other = await browser.newPage();
  await other.goto('/signup');
  await other.getByLabel('Name').fill('Someone');
  await other.getByLabel('Email', { exact: true }).fill(account.email.toUpperCase());
  await other.getByLabel('Password').fill('a long enough passphrase');
  await other.getByRole('button', { name: 'Create account' }).click();
  // The same page as for a new address: nothing tells the visitor the address has an account.
  await expect(other).toHaveURL(/\/signup\/check-email$/);
  await expect(other.getByRole('heading', { name: 'Check your email to finish signing up' })).toBeVisible();
  await expect(other.getByText('already exists')).toHaveCount(0);
  await other.close();

  let warning = '';
  await expect
    .poll(() => (warning = readMails(account.email).find((mail) => mail.includes('Someone (perhaps you)')) ?? ''))
    .toContain('tried to create an account');
  expect(warning).toContain('/signin');
  expect(warning).not.toContain('/signup/confirm');

  // The account is untouched: the password typed at the second sign-up does not open it.
  await page.context().clearCookies();
  await signIn(page, account.email, 'a long enough passphrase');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
});

test('a wrong password and an unknown email get the same message', async ({ page }) => {
  const { email } = demoPassword('reader');
  await signIn(page, email, 'definitely wrong password');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(email);
  await signIn(page, 'nobody-here@quire.test', 'definitely wrong password');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
});

test('sign-in only returns to addresses on this site', async ({ page, baseURL }) => {
  const { email, password } = demoPassword('reader');
  await signIn(page, email, password, 'https://evil.example/steal');
  await expect(page).toHaveURL(`${baseURL}/`);
  await signIn(page, email, password, '//evil.example/steal');
  await expect(page).toHaveURL(`${baseURL}/`);
});

test('repeated failures lock the account for a while, with a clear message', async ({ page }) => {
  test.slow(); // failures 4 to 10 are deliberately slowed down, about 10 s in all
  const account = await signUp(page);
  await page.context().clearCookies();
  for (let attempt = 1; attempt <= 10; attempt++) {
    await signIn(page, account.email, `wrong password ${attempt}`);
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(
      'That email and password do not match an account.',
    );
  }
  await signIn(page, account.email, account.password);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'Too many failed sign-ins for this account or network. Wait 15 minutes, then try again.',
  );
});

test('session cookies are httpOnly and SameSite=Lax', async ({ page }) => {
  await signUp(page);
  const cookie = (await page.context().cookies()).find((entry) => entry.name === 'authjs.session-token');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');
});

test('a reader signs in with a one-time link from the mail outbox', async ({ page }) => {
  const email = `link-${Date.now().toString(36)}@quire.test`;
  await page.goto('/signin?returnTo=%2Fposts%2Fhello-world');
  await page.getByLabel('Email for a sign-in link').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page).toHaveURL(/\/signin\/check-email/);
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  const link = await readSignInLink(email);
  await page.goto(link);
  await expect(page).toHaveURL(/\/posts\/hello-world$/);
  await expect(page.getByText(`Signed in as ${email.split('@')[0]}.`)).toBeVisible();

  // The link works once.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole('main').getByRole('alert').first()).toHaveText(
    'That sign-in link has expired or was already used. Ask for a new one below.',
  );
});

test('a sign-in link signs into the existing account with that email', async ({ page }) => {
  const account = await signUp(page);
  await page.context().clearCookies();
  await page.goto('/signin?returnTo=%2Faccount');
  await page.getByLabel('Email for a sign-in link').fill(account.email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page).toHaveURL(/\/signin\/check-email/);
  await page.goto(await readSignInLink(account.email));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByLabel('Name')).toHaveValue(account.name);
});

test.describe('OpenID Connect', () => {
  async function signInThroughProvider(
    page: import('@playwright/test').Page,
    login: string,
    returnTo = '/posts/hello-world',
  ) {
    await page.goto(`/signin?returnTo=${encodeURIComponent(returnTo)}`);
    await page.getByRole('button', { name: 'Sign in with Test OIDC' }).click();
    // The local provider's own login and consent pages.
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
  }

  test('a reader signs in through a real OpenID Connect provider and gets an account', async ({ page }) => {
    const login = `oidc-${Date.now().toString(36)}`;
    await signInThroughProvider(page, login);
    await expect(page).toHaveURL(/\/posts\/hello-world$/);
    await expect(page.getByText(`Signed in as OIDC ${login}.`)).toBeVisible();
    await page.goto('/account');
    await expect(page.getByLabel('Name')).toHaveValue(`OIDC ${login}`);
  });

  test('a verified email links to the existing account; an unverified one is refused', async ({ page, browser }) => {
    const account = await signUp(page);
    const other = await browser.newPage();
    await signInThroughProvider(other, `unverified-${account.email}`);
    await expect(other.getByRole('main').getByRole('alert').first()).toContainText(
      'That email already has an account here',
    );
    await other.close();

    await page.context().clearCookies();
    await signInThroughProvider(page, account.email, '/account');
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByLabel('Name')).toHaveValue(account.name);
  });
});
