import { expect, test } from '@playwright/test';
import { signUp } from './support/accounts';
import { BlogPage } from './support/blog';

const post = '/posts/notes-on-a-small-kitchen-garden';

test('visitors get the cached page with a sign-in prompt instead of a form', async ({ page, request }) => {
  await page.goto(post);
  await expect(page.getByRole('link', { name: 'Sign in' })).toHaveAttribute(
    'href',
    `/signin?returnTo=${encodeURIComponent(`${post}#comments`)}`,
  );
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveCount(0);
  await request.get(post);
  const second = await request.get(post);
  expect(second.headers()['x-nextjs-cache']).toBe('HIT');
});

test('a signed-in reader comments and replies; everyone sees it on the next request', async ({ page, browser }) => {
  const blog = new BlogPage(page);
  const account = await signUp(page, post);
  const before = await blog.comments().count();

  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Chard really **is** unkillable.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const id = page.url().split('#comment-')[1];
  const comment = page.locator(`#comment-${id}`);
  await expect(comment).toContainText('Chard really is unkillable.');
  await expect(comment.locator('strong')).toHaveText('is');
  await expect(comment.getByRole('link', { name: account.name })).toBeVisible();
  await expect(blog.comments()).toHaveCount(before + 1);

  await comment.getByText('Reply', { exact: true }).click();
  await comment.getByRole('textbox', { name: 'Your reply' }).fill('Replying to myself, as one does.');
  await comment.getByRole('button', { name: 'Post reply' }).click();
  await expect(page).not.toHaveURL(new RegExp(`#comment-${id}$`));
  const replyId = page.url().split('#comment-')[1];
  // The reply is drawn inside its parent's thread.
  await expect(page.locator(`li:has(> #comment-${id}) #comment-${replyId}`)).toContainText('Replying to myself');

  const visitor = await browser.newPage();
  await visitor.goto(post);
  await expect(visitor.locator(`#comment-${id}`)).toContainText('Chard really is unkillable.');
  await expect(visitor.getByRole('heading', { name: `${before + 2} comments` })).toBeVisible();
  await visitor.goto('/');
  const card = visitor.getByRole('article').filter({ hasText: 'Notes on a small kitchen garden' });
  await expect(card.getByRole('link', { name: `${before + 2} comments` })).toBeVisible();
  await visitor.close();
});

test('the comment form works without JavaScript', async ({ browser }) => {
  const signer = await browser.newPage();
  await signUp(signer);
  const state = await signer.context().storageState();
  await signer.close();

  const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await context.newPage();
  await page.goto('/posts/hello-world');
  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Posted with scripts switched off.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/\/posts\/hello-world#comment-\d+$/);
  const id = page.url().split('#comment-')[1];
  await expect(page.locator(`#comment-${id}`)).toContainText('Posted with scripts switched off.');

  // An error comes back as a page with the sentence and the text still in the box.
  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Posted with scripts switched off.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByText('You posted this same comment a few minutes ago.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveValue('Posted with scripts switched off.');
  await context.close();
});

test('bad comments get a sentence and keep the text: empty, too long, repeated, too fast', async ({ page }) => {
  await signUp(page, '/posts/hello-world');
  const box = page.getByRole('textbox', { name: 'Add a comment' });
  const send = page.getByRole('button', { name: 'Post comment' });

  await box.fill('   ');
  await send.click();
  await expect(page.getByText('Write something before posting.')).toBeVisible();

  // The box stops typing at 5,000 characters; the server's own limit is what is tested here.
  await box.evaluate((element) => element.removeAttribute('maxlength'));
  await box.fill('y'.repeat(5001));
  await send.click();
  await expect(page.getByText('Keep your comment under 5,000 characters.')).toBeVisible();
  await expect(box).toHaveValue('y'.repeat(5001));

  await box.fill('Saying this once.');
  await send.click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  await box.fill('Saying this once.');
  await send.click();
  await expect(page.getByText('You posted this same comment a few minutes ago.')).toBeVisible();
  await expect(box).toHaveValue('Saying this once.');

  for (let index = 2; index <= 5; index++) {
    await box.fill(`Quick comment number ${index}`);
    await send.click();
    await expect(page.getByText(`Quick comment number ${index}`)).toBeVisible();
  }
  await box.fill('One too many');
  await send.click();
  await expect(page.getByText('You are commenting very quickly. Wait a minute, then post again.')).toBeVisible();
  await expect(box).toHaveValue('One too many');
});

test('the server refuses a comment from someone who is not signed in, whatever the page showed', async ({ page }) => {
  await signUp(page, '/posts/hello-world');
  const box = page.getByRole('textbox', { name: 'Add a comment' });
  await expect(box).toBeVisible();
  // The form is on screen; the session is gone before it is sent, as for a direct call to the action.
  await page.context().clearCookies();
  await box.fill('Sneaking in without an account.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByText('Sign in to comment.')).toBeVisible();
  await page.goto('/posts/hello-world');
  await expect(page.getByText('Sneaking in without an account.')).toHaveCount(0);
});

test('comment text is sanitised: scripts and event handlers never run', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await signUp(page, '/posts/hello-world');
  await page
    .getByRole('textbox', { name: 'Add a comment' })
    .fill('**safe**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> [click](javascript:alert(3))');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const comment = page.locator(`#comment-${page.url().split('#comment-')[1]}`);
  await expect(comment.locator('strong')).toHaveText('safe');
  await expect(comment.locator('script, img, [onerror]')).toHaveCount(0);
  await comment
    .getByText('click')
    .click()
    .catch(() => undefined);
  expect(dialogs).toEqual([]);
});
