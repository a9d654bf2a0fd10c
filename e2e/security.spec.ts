import { expect, test } from '@playwright/test';
import { signUp } from './support/accounts';
import { xssPayloads } from '../tests/xss-corpus';
import { openTestDatabase } from './support/database';

const payloads = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '"><svg onload=alert(3)>'];

test('markup in names, bios, comments and report details is shown as text and never runs', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  const account = await signUp(page, '/account');
  const name = `Eve ${payloads[0]}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Bio').fill(payloads.join(' '));
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status')).toHaveText('Your profile is saved.');

  await page.goto('/posts/the-case-for-plain-html-forms');
  // The whole XSS corpus of the Markdown tests, through the real comment form.
  await page.getByRole('textbox', { name: 'Add a comment' }).fill(xssPayloads.join('\n\n'));
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const comment = page.locator(`#comment-${page.url().split('#comment-')[1]}`);
  await expect(comment.getByRole('link', { name })).toBeVisible();
  const body = comment.locator('.comment-body');
  await expect(body.locator('img, script, svg, iframe, object, embed, style, form, input')).toHaveCount(0);
  expect(await comment.locator('[onerror], [onload], [onclick], [onmouseover], [onfocus]').count()).toBe(0);
  expect(await comment.locator('a[href^="javascript:" i], a[href^="data:" i], a[href^="vbscript:" i]').count()).toBe(0);
  // Hover every link the corpus left behind (a mouseover handler would fire): nothing may run.
  for (const link of await comment.locator('a').all()) await link.hover();

  await page.goto('/posts/how-comments-should-work?report=4#comment-4');
  await page.getByRole('radio', { name: 'Something else' }).check();
  await page.getByRole('textbox', { name: /Details/ }).fill(payloads.join(' '));
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByText('Thank you. A moderator will look at this comment.')).toBeVisible();

  await page.goto('/');
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);

  // Stored as typed (escaped only when shown), never pre-rendered as HTML.
  const db = openTestDatabase();
  const stored = db.prepare('select name, bio from users where email = ?').get(account.email) as {
    name: string;
    bio: string;
  };
  db.close();
  expect(stored).toEqual({ name, bio: payloads.join(' ') });
});

test('a form posted from another site is refused', async ({ page, request, baseURL }) => {
  // The real sign-up form as the server sends it (with its action id), copied onto a page of another
  // origin, as a cross-site attacker would.
  const html = await (await request.get('/signup')).text();
  const form = html.match(/<form(?:(?!<\/form>)[\s\S])*?name="password"[\s\S]*?<\/form>/)?.[0] ?? '';
  expect(form).toContain('$ACTION');
  const email = `csrf-${Date.now().toString(36)}@quire.test`;
  await page.goto('about:blank');
  await page.setContent(`<html><body>${form.replace(/action="[^"]*"/, `action="${baseURL}/signup"`)}</body></html>`);
  await page.locator('input[name="name"]').fill('Cross Site');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill('a long enough passphrase');
  await page.locator('button[type="submit"]').click();
  await page.waitForLoadState();
  const db = openTestDatabase();
  const created = db.prepare('select count(*) as n from users where email = ?').get(email) as { n: number };
  db.close();
  expect(created.n).toBe(0);
});
