import { expect, test } from '@playwright/test';
import { demoPassword, signIn, signUp } from './support/accounts';
import { signInAs } from './support/editor';

test('the account page needs a session', async ({ page }) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?returnTo=%2Faccount$/);
});

test('a reader changes name, handle, bio and avatar, with field errors and kept values', async ({ page }) => {
  const account = await signUp(page, '/account');
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await page.getByLabel('Handle').fill('Not A Handle!');
  await page.getByLabel('Avatar image address').fill('javascript:alert(1)');
  await page.getByLabel('Bio').fill('I read <b>everything</b>.');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Use lower-case letters, digits and single hyphens, like ada-lovelace.')).toBeVisible();
  await expect(page.getByText('Use an https:// address of an image, or leave it empty.')).toBeVisible();
  await expect(page.getByLabel('Bio')).toHaveValue('I read <b>everything</b>.');

  const handle = `reader-${Date.now().toString(36)}`;
  await page.getByLabel('Name').fill(`${account.name} Renamed`);
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Avatar image address').fill('');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status')).toHaveText('Your profile is saved.');

  await page.goto(`/authors/${handle}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${account.name} Renamed`);
  // Shown as text, never as markup.
  await expect(page.getByText('I read <b>everything</b>.')).toBeVisible();

  await page.goto('/account');
  await page.getByLabel('Handle').fill('ada-marsh');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Someone else has that handle; choose another.')).toBeVisible();
});

test('changing the password signs out other sessions but keeps this one', async ({ page, browser }) => {
  const account = await signUp(page, '/account');
  const elsewhere = await browser.newPage();
  await signIn(elsewhere, account.email, account.password, '/account');
  await expect(elsewhere.getByRole('heading', { name: 'Your account' })).toBeVisible();

  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('That is not your current password.')).toBeVisible();

  await page.getByLabel('Current password').fill(account.password);
  await page.getByLabel('New password').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password is changed. Other sessions have been signed out.')).toBeVisible();

  await elsewhere.goto('/account');
  await expect(elsewhere).toHaveURL(/\/signin/);
  await signIn(elsewhere, account.email, account.password);
  await expect(elsewhere.getByRole('main').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
  await signIn(elsewhere, account.email, 'a brand new passphrase', '/account');
  await expect(elsewhere.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await elsewhere.close();
});

test('sign out everywhere ends every session', async ({ page, browser }) => {
  const account = await signUp(page, '/account');
  const elsewhere = await browser.newPage();
  await signIn(elsewhere, account.email, account.password, '/account');
  await expect(elsewhere.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await elsewhere.goto('/account');
  await expect(elsewhere).toHaveURL(/\/signin/);
  await elsewhere.close();
});

test('a deleted account’s comments stay, shown as from “deleted user”', async ({ page }) => {
  const account = await signUp(page, '/posts/taking-photographs-for-a-blog');
  await page.getByRole('textbox', { name: 'Add a comment' }).fill('A comment that outlives its account.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const id = page.url().split('#comment-')[1];

  await page.goto('/account');
  await page.getByLabel('Password, to confirm').fill('wrong password here');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByText('That is not your password.')).toBeVisible();
  await page.getByLabel('Password, to confirm').fill(account.password);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/\?account=deleted$/);

  await page.goto('/posts/taking-photographs-for-a-blog');
  const comment = page.locator(`#comment-${id}`);
  await expect(comment).toContainText('A comment that outlives its account.');
  await expect(comment).toContainText('deleted user');
  await expect(comment).not.toContainText(account.name);
  await signIn(page, account.email, account.password);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
});

test('the only admin cannot delete their account, and is told why', async ({ page }) => {
  await signInAs(page, 'admin', '/account');
  await page.getByLabel('Password, to confirm').fill(demoPassword('admin').password);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(
    page.getByText('You are the only admin. Make someone else an admin before deleting your account.'),
  ).toBeVisible();
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/dashboard$/);
});
