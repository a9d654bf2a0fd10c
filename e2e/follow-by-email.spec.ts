import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, readMailLink, readMails } from './support/accounts';
import { createPost, slugOf, uniqueTitle } from './support/editor';
import { postComment, signedInContext, sql } from './support/people';
import { at } from './support/database';

// "Follow by email", driven as people would: a visitor subscribes from the footer and confirms by
// the emailed link, an author publishes, the post arrives by email, its unsubscribe link works; a
// reader follows a post's comments and is emailed when someone else comments. Mail is read from
// the test server's outbox (no SMTP_URL).

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function publishNewPost(page: Page, title: string, body: string): Promise<string> {
  await createPost(page, title, body);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');
  return slugOf(title);
}

/** The newest mail to `to` whose text includes `needle`, waiting for it to arrive. */
async function mailWith(to: string, needle: string): Promise<string> {
  let found = '';
  await expect
    .poll(() => (found = readMails(to).find((mail) => mail.includes(needle)) ?? ''), { timeout: 20_000 })
    .not.toBe('');
  return found;
}

const linkIn = (mail: string, pattern: RegExp) => pattern.exec(mail)![0].replace(/&amp;/g, '&');

test('a visitor follows the blog by email: confirms by link, gets the next post, and unsubscribes in one click', async ({
  browser,
  page,
}) => {
  const email = `${unique('subscriber')}@quire.test`;
  await page.goto('/');
  const footer = page.getByRole('contentinfo');
  await footer.getByLabel('Your email address').fill(email);
  await footer.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(/\/subscribe\?/);
  const answer = (await page.getByRole('status').textContent()) ?? '';
  expect(answer).toContain('Check your inbox');

  const confirm = await readMailLink(email, /https?:\/\/[^\s"<>]+\/subscribe\/confirm\?[^\s"<>]+/);
  // Asking again answers the same, word for word: the form never tells whether an address is in.
  const form = page.getByRole('main').getByRole('form', { name: 'Get every new post by email' });
  await form.getByLabel('Your email address').fill(email);
  await form.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('status')).toHaveText(answer);
  // Not subscribed until the link is used.
  expect(await sql('select 1 from subscribers where email = ?', email)).toHaveLength(0);

  await page.goto(confirm);
  await expect(page.getByText(`Email new posts to ${email}?`)).toBeVisible();
  await page.getByRole('button', { name: 'Confirm subscription' }).click();
  await expect(page.getByRole('status')).toContainText(`You are subscribed: new posts will be emailed to ${email}.`);

  const author = await signedInContext(browser, 'author');
  const title = uniqueTitle('Subscribers hear of this');
  const slug = await publishNewPost(author.page, title, 'News for the subscribers.');

  const mail = await mailWith(email, title);
  expect(mail).toMatch(/List-Unsubscribe:\s*<http:\/\/localhost:\d+\/api\/unsubscribe\?/);
  expect(mail).toContain('News for the subscribers.');
  const postLink = linkIn(mail, new RegExp(`https?://[^\\s"<>/]+/posts/${slug}(?=[\\s"<])`));
  await page.goto(postLink);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  await page.goto(linkIn(mail, /https?:\/\/[^\s"<>/]+\/unsubscribe\?[^\s"<>]+/));
  await expect(page.getByText(`Stop sending emails about new posts to ${email}?`)).toBeVisible();
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByRole('status')).toContainText('You will no longer get emails about new posts.');
  expect(await sql('select 1 from subscribers where email = ?', email)).toHaveLength(0);

  // The next post is not sent to the address any more (waited for until its queue entry is done).
  const next = uniqueTitle('After unsubscribing');
  await publishNewPost(author.page, next, 'Not for the former subscriber.');
  await expect
    .poll(
      async () =>
        (
          await sql<{ done: number | null }>(
            'select finished_at as done from post_emails join posts on posts.id = post_id where posts.title = ?',
            next,
          )
        )[0]?.done ?? null,
      { timeout: 20_000 },
    )
    .not.toBeNull();
  expect(readMails(email).filter((text) => text.includes(next))).toHaveLength(0);
  await author.context.close();
});

test('a subscriber manages their subscription from the emailed link: sees the address, unsubscribes by button', async ({
  browser,
  page,
}) => {
  const email = `${unique('manager')}@quire.test`;
  await page.goto('/subscribe');
  const form = page.getByRole('main').getByRole('form', { name: 'Get every new post by email' });
  await form.getByLabel('Your email address').fill(email);
  await form.getByRole('button', { name: 'Subscribe' }).click();
  await page.goto(await readMailLink(email, /https?:\/\/[^\s"<>]+\/subscribe\/confirm\?[^\s"<>]+/));
  await page.getByRole('button', { name: 'Confirm subscription' }).click();
  // The confirmation lands on the subscriber's own page.
  await expect(page).toHaveURL(/\/subscriptions\?/);
  await expect(page.getByRole('status')).toContainText(`You are subscribed: new posts will be emailed to ${email}.`);

  const author = await signedInContext(browser, 'author');
  const title = uniqueTitle('Manage from here');
  await publishNewPost(author.page, title, 'A post with a manage link.');
  await author.context.close();
  const mail = await mailWith(email, title);
  const manage = linkIn(mail, /https?:\/\/[^\s"<>/]+\/subscriptions\?[^\s"<>]+/);

  // A visitor with JavaScript off gets the same page and the same plain form.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const reader = await noScript.newPage();
  const opened = await reader.goto(manage);
  expect(opened?.status()).toBe(200);
  await expect(reader.getByText(`New posts are emailed to ${email}, subscribed since`)).toBeVisible();
  // Opening the link changes nothing.
  expect(await sql('select 1 from subscribers where email = ?', email)).toHaveLength(1);
  await reader.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(reader.getByRole('status')).toHaveText(`New posts will no longer be emailed to ${email}.`);
  expect(await sql('select 1 from subscribers where email = ?', email)).toHaveLength(0);
  // Subscribing again goes through a new confirmation email, not at once.
  await expect(reader.getByText(`${email} is not subscribed to new posts.`)).toBeVisible();
  await reader.getByRole('button', { name: 'Subscribe again' }).click();
  await expect(reader.getByRole('status')).toContainText('Check your inbox');
  expect(await sql('select 1 from subscribers where email = ?', email)).toHaveLength(0);

  await noScript.close();

  // A changed link: a 4xx page with a sentence, and nothing about the address. (With JavaScript:
  // Next sends every 404 page of the app as a shell that the browser fills in.)
  const tampered = new URL(manage);
  tampered.searchParams.set('email', `other-${email}`);
  const refused = await page.goto(tampered.toString());
  expect(refused?.status()).toBe(404);
  await expect(page.getByRole('main').getByRole('alert')).toContainText(
    'This subscription link is incomplete or was changed.',
  );
  await expect(page.getByRole('main')).not.toContainText(email);
});

test('a reader follows a post’s comments and is emailed, with a link to the comment, when another reader comments', async ({
  browser,
}) => {
  const author = await signedInContext(browser, 'author');
  const slug = await publishNewPost(author.page, uniqueTitle('A discussion to follow'), 'Talk about it below.');

  const follower = await signedInContext(browser, 'new-reader');
  await follower.page.goto(`/posts/${slug}`);
  await follower.page.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(follower.page.getByRole('status')).toContainText(
    'You will get an email about new comments on this post',
  );
  await expect(follower.page.getByRole('button', { name: 'Unfollow', exact: true })).toBeVisible();

  const commenter = await signedInContext(browser, 'new-reader');
  await commenter.page.goto(`/posts/${slug}`);
  // Shown, and ticked, to a signed-in reader: commenting follows the discussion unless unticked.
  await expect(commenter.page.getByLabel('Notify me of new comments on this post').first()).toBeChecked();
  const text = unique('A comment the follower hears about');
  const id = await postComment(commenter.page, slug, text);

  const mail = await mailWith(follower.account!.email, text);
  expect(mail).toMatch(/List-Unsubscribe:\s*<http:\/\/localhost:\d+\/api\/unsubscribe\?/);
  const link = linkIn(mail, new RegExp(`https?://[^\\s"<>/]+/comments/${id}(?=[\\s"<])`));
  await follower.page.goto(link);
  await expect(follower.page).toHaveURL(new RegExp(`#comment-${id}$`));
  await expect(follower.page.locator(`#comment-${id}`)).toContainText(text);

  // The post's author hears of it too; the commenter is never emailed about their own comment.
  await mailWith(demoPassword('author').email, text);
  expect(readMails(commenter.account!.email).filter((body) => body.includes(text))).toHaveLength(0);

  // Unfollow from the post: the button turns back into Follow.
  await follower.page.goto(`/posts/${slug}`);
  await follower.page.getByRole('button', { name: 'Unfollow', exact: true }).click();
  await expect(follower.page.getByRole('status')).toContainText('You will no longer get emails about new comments');
  await expect(follower.page.getByRole('button', { name: 'Follow', exact: true })).toBeVisible();

  for (const person of [author, follower, commenter]) await person.context.close();
});

test('a held comment emails the followers only once a moderator approves it', async ({ browser }) => {
  const author = await signedInContext(browser, 'author');
  const slug = await publishNewPost(author.page, uniqueTitle('A discussion with a held comment'), 'Links wait.');
  const follower = await signedInContext(browser, 'new-reader');
  await follower.page.goto(`/posts/${slug}`);
  await follower.page.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(follower.page.getByRole('button', { name: 'Unfollow', exact: true })).toBeVisible();

  // More links than the rules allow (two by default): the comment waits for a moderator.
  const commenter = await signedInContext(browser, 'new-reader');
  const text = unique('Held with links');
  const id = await postComment(
    commenter.page,
    slug,
    `${text} https://one.example https://two.example https://three.example`,
  );
  await expect(commenter.page.locator(`#comment-${id}`)).toContainText('Awaiting approval');

  const moderator = await signedInContext(browser, 'moderator');
  await moderator.page.goto('/moderation?tab=held');
  const held = moderator.page.getByRole('listitem', { name: new RegExp(`^Comment ${id} by`) });
  await expect(held).toBeVisible();
  // Seconds after it was posted, nothing about it has gone to the follower.
  expect(readMails(follower.account!.email).filter((mail) => mail.includes(text))).toHaveLength(0);
  await held.getByRole('button', { name: `Approve comment ${id}` }).click();
  await expect(moderator.page.getByRole('status')).toContainText('Approved 1 comment.');

  const mail = await mailWith(follower.account!.email, text);
  expect(mail).toContain(`/comments/${id}`);
  for (const person of [author, follower, commenter, moderator]) await person.context.close();
});

test('an admin sees the subscriber count and downloads the subscribers as CSV; a reader is refused both', async ({
  browser,
}) => {
  // A subscriber whose address a spreadsheet would run as a formula: the file must defuse it.
  const email = `=${unique('csv')}@quire.test`;
  await sql(
    'insert into subscribers (email, confirmed_at, created_at) values (?, ?, ?)',
    email,
    at(Date.now()),
    at(Date.now()),
  );

  const admin = await signedInContext(browser, 'admin');
  await admin.page.goto('/dashboard');
  await admin.page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Subscribers' }).click();
  await expect(admin.page).toHaveURL(/\/dashboard\/subscribers$/);
  // Other tests in this file subscribe and unsubscribe at the same time: reload until the page and
  // the database agree.
  await expect
    .poll(async () => {
      await admin.page.reload();
      const shown = (await admin.page.getByTestId('subscriber-count').textContent()) ?? '';
      const n = (await sql<{ n: number }>('select count(*) as n from subscribers'))[0]!.n;
      return shown.startsWith(`${n} confirmed subscriber`);
    })
    .toBe(true);

  const [download] = await Promise.all([
    admin.page.waitForEvent('download'),
    admin.page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^subscribers-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).split('\r\n');
  expect(csv[0]).toBe('email,subscribed_at,account');
  const line = csv.find((row) => row.startsWith(`'${email},`)) ?? '';
  expect(line).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,no$/);

  const response = await admin.page.request.get('/dashboard/subscribers/export');
  expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(response.headers()['cache-control']).toContain('no-store');
  await admin.context.close();

  const reader = await signedInContext(browser, 'reader');
  expect((await reader.page.goto('/dashboard/subscribers'))?.status()).toBe(403);
  await expect(reader.page.getByRole('heading', { name: 'You can’t open this page' })).toBeVisible();
  await expect(reader.page.getByText(email)).toHaveCount(0);
  const refused = await reader.page.request.get('/dashboard/subscribers/export');
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toBe('Only admins can download the subscribers.');
  await reader.context.close();
  await sql('delete from subscribers where email = ?', email);
});

test('the subscribe form is under every post, with nothing of the reader in it', async ({ browser }) => {
  const slug = (
    await sql<{ slug: string }>(
      "select slug from posts where kind = 'post' and status = 'published' and published_at <= ? order by published_at limit 1",
      at(Date.now()),
    )
  )[0]!.slug;
  const reader = await signedInContext(browser, 'reader');
  await reader.page.goto(`/posts/${slug}`);
  const form = reader.page.getByRole('main').getByRole('form', { name: 'Get new posts by email' });
  await expect(form.getByLabel('Your email address')).toHaveValue('');
  await form.getByLabel('Your email address').fill(`${unique('under-post')}@quire.test`);
  await form.getByRole('button', { name: 'Subscribe' }).click();
  await expect(reader.page).toHaveURL(/\/subscribe\?/);
  await expect(reader.page.getByRole('status')).toContainText('Check your inbox');
  await reader.context.close();
});
