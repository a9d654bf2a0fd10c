import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signUp } from './support/accounts';
import { BlogPage } from './support/blog';
import { signInAs } from './support/editor';
import { postComment, sql } from './support/people';

// What a newcomer meets in their first hour with the demo blog: a header that tells the truth about
// who is signed in, one date style, no noise ("0 likes", a description twice), and a demo blog
// whose discussions and moderation screens have something in them.

const header = (page: Page) => page.getByRole('banner');
const unique = (text: string) => `${text} ${Date.now().toString(36)}${process.pid}`;
/** "1 December 2026, 06:54 UTC": the one style for a date with a time on server-rendered pages. */
const dateTimeStyle =
  /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, \d{2}:\d{2} UTC$/;

test.describe('the site header', () => {
  test('visitors get Sign in and Sign up links back to the page they are on, in the server HTML', async ({
    page,
    request,
  }) => {
    const path = '/posts/a-field-guide-to-markdown';
    const html = await (await request.get(path)).text();
    expect(html).toContain(`href="/signin?returnTo=${encodeURIComponent(path)}"`);
    await page.goto(path);
    await expect(header(page).getByRole('link', { name: 'Sign in' })).toHaveAttribute(
      'href',
      `/signin?returnTo=${encodeURIComponent(path)}`,
    );
    await expect(header(page).getByRole('link', { name: 'Sign up' })).toHaveAttribute(
      'href',
      `/signup?returnTo=${encodeURIComponent(path)}`,
    );
    await expect(header(page).getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  });

  test('shows the name and Dashboard as soon as someone signs in, and Sign in as soon as they sign out', async ({
    page,
  }) => {
    const path = '/posts/hello-world';
    const account = await signUp(page, path);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(header(page).getByRole('link', { name: account.name })).toHaveAttribute('href', '/account');
    await expect(header(page).getByRole('link', { name: 'Sign in' })).toHaveCount(0);
    // A writer: the header offers the dashboard once they sign in again.
    await sql("update users set role = 'author' where email = ?", account.email);

    await header(page).getByRole('button', { name: 'Sign out' }).click();
    await expect(header(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(header(page).getByRole('link', { name: account.name })).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`${path}$`));

    await header(page).getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`/signin\\?returnTo=${encodeURIComponent(path)}$`));
    await page.getByLabel('Email', { exact: true }).fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    // No reload: the header is the same one that showed "Sign in" a moment ago.
    await expect(header(page).getByRole('link', { name: account.name })).toBeVisible();
    await expect(header(page).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('href', '/dashboard');
    await expect(header(page).getByRole('link', { name: 'Sign in' })).toHaveCount(0);
  });

  test('an admin’s header, with Dashboard and Moderation, fits on one line at 1280 pixels', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAs(page, 'admin', '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: /^Moderation: \d+ open$/ })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
    await expect(nav.getByRole('button', { name: 'Sign out' })).toBeVisible();
    const navBox = (await nav.boundingBox())!;
    const linkBox = (await nav.getByRole('link', { name: 'Home' }).boundingBox())!;
    // One line is as tall as its tallest item (the search box); a second line would add a link's height.
    expect(navBox.height).toBeLessThan(linkBox.height * 2);
  });

  test('a signed-in reader without JavaScript still reaches their account from the post page', async ({ browser }) => {
    const signer = await browser.newPage();
    await signUp(signer);
    const state = await signer.context().storageState();
    await signer.close();
    const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
    const page = await context.newPage();
    await page.goto('/posts/hello-world');
    // The cached page is everyone's: its Sign in link leads a signed-in reader to who they are.
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
    await expect(page.getByText('You are signed in as')).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: 'Your account' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await context.close();
  });
});

test.describe('polish', () => {
  test('the home page shows the blog’s description once', async ({ page }) => {
    await page.goto('/');
    const description = await page.locator('head meta[name="description"]').getAttribute('content');
    expect(description).toBeTruthy();
    await expect(page.getByText(description!, { exact: true })).toHaveCount(1);
  });

  test('comments show a like count only when liked, and dates in one style with the exact time on hover', async ({
    page,
  }) => {
    await page.goto('/posts/backing-up-what-matters');
    await expect(page.locator('#comments')).not.toContainText('0 likes');
    const liked = await sql<{ id: number; likes: number }>(
      `select c.id, count(l.user_id) as likes from comments c join posts p on p.id = c.post_id
       left join comment_likes l on l.comment_id = c.id where p.slug = ? and c.status = 'visible'
       group by c.id order by c.id`,
      'backing-up-what-matters',
    );
    expect(liked.some((row) => row.likes > 1)).toBe(true);
    for (const row of liked) {
      const meta = page.locator(`#comment-${row.id} > p.meta`);
      if (row.likes === 0) await expect(meta).toHaveCount(0);
      else await expect(meta).toHaveText(`${row.likes} like${row.likes === 1 ? '' : 's'}`);
    }
    const time = page.locator(`#comment-${liked[0]!.id} time`);
    await expect(time).toHaveAttribute('title', dateTimeStyle);
    // The post's own date (never made relative): a date alone, in the same style.
    await expect(page.locator('time').filter({ hasText: 'Published' })).toHaveText(/^Published \d{1,2} \w+ \d{4}$/);

    // Once the dates are relative the page is still: nothing rewrites them on every frame.
    await expect(time).toHaveText(/ ago$|^yesterday$|^last |^just now$/);
    const changes = await page.evaluate(async () => {
      let count = 0;
      const observer = new MutationObserver((records) => (count += records.length));
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      observer.disconnect();
      return count;
    });
    expect(changes).toBe(0);
  });

  test('readers cannot like their own comments: no button, and the action refuses a forged request', async ({
    page,
  }) => {
    await signUp(page, '/posts/hello-world');
    const own = await postComment(page, 'hello-world', unique('My own words, unliked.'));
    await expect(page.locator(`#comment-${own}`).getByRole('button', { name: /like/i })).toHaveCount(0);
    const other = page.locator('#comments article').filter({ hasText: 'Welcome to the web. Subscribed.' });
    await expect(other.getByRole('button', { name: /^(Like|Unlike)$/ })).toBeVisible();

    // Point someone else's Like button at one's own comment, as a crafted request would.
    await other.getByRole('button', { name: /^(Like|Unlike)$/ }).evaluate((button, id) => {
      (button as HTMLButtonElement).value = String(id);
    }, own);
    await other.getByRole('button', { name: /^(Like|Unlike)$/ }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('You cannot like your own comment.');
    expect(await sql('select user_id from comment_likes where comment_id = ?', own)).toEqual([]);
  });

  test('moderators get no “Ban author…” under their own comments, and cannot ban themselves', async ({ page }) => {
    await signInAs(page, 'moderator', '/posts/hello-world');
    const own = await postComment(page, 'hello-world', unique('A moderator joins the conversation.'));
    await expect(page.locator(`#comment-${own}`)).toContainText('Moderation:');
    await expect(page.locator(`#comment-${own}`).getByRole('link', { name: 'Ban author…' })).toHaveCount(0);
    const other = page.locator('#comments article').filter({ hasText: 'Welcome to the web. Subscribed.' });
    await expect(other.getByRole('link', { name: 'Ban author…' })).toBeVisible();

    const [me] = await sql<{ id: string }>('select id from users where email = ?', demoPassword('moderator').email);
    await page.goto(`/moderation/users/${me!.id}`);
    await page.getByLabel('1 day').check();
    await page.getByLabel('Reason (shown to them)').fill('Testing the rule');
    await page.getByRole('button', { name: 'Ban', exact: true }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('You cannot do this to your own account.');
    expect(await sql('select banned_until from users where id = ?', me!.id)).toEqual([{ banned_until: null }]);
  });
});

test.describe('the demo blog, as seeded', () => {
  test('most posts have a discussion, with counts that match the database', async ({ page }) => {
    const blog = new BlogPage(page);
    const counts = await sql<{ title: string; visible: number }>(
      `select p.title, (select count(*) from comments c where c.post_id = p.id and c.status = 'visible') as visible
       from posts p where p.status = 'published' and p.kind = 'post' order by p.published_at desc limit 10`,
    );
    expect(counts.filter((post) => post.visible > 0).length).toBeGreaterThan(counts.length / 2);
    await page.goto('/');
    expect(await blog.postTitles()).toEqual(counts.map((post) => post.title));
    const discussed = counts.find((post) => post.title === 'A field guide to Markdown')!;
    const card = blog.main.locator('article').filter({ hasText: discussed.title });
    await expect(card.getByRole('link', { name: `${discussed.visible} comments` })).toBeVisible();

    await page.goto('/posts/a-field-guide-to-markdown');
    await expect(page.getByRole('heading', { name: `${discussed.visible} comments` })).toBeVisible();
    // Threads: replies sit inside their parent's list.
    await expect(page.locator('#comments li li article').first()).toBeVisible();
  });

  test('moderators find a held comment, a reported comment and a history with readable action names', async ({
    page,
  }) => {
    await signInAs(page, 'moderator', '/moderation?tab=held');
    await expect(page.getByRole('main')).toContainText('Rowan Pike');
    await page.goto('/moderation?tab=reported');
    await expect(page.getByRole('main')).toContainText('Tomás Alvarez');

    await page.goto('/moderation/log');
    const filter = page.getByRole('combobox', { name: 'Action' });
    await expect(filter.getByRole('option', { name: 'Dismissed reports' })).toHaveCount(1);
    expect(await filter.locator('option').allTextContents()).not.toContain('dismiss-reports');
    const banRow = page.getByRole('row').filter({ hasText: 'Max Turner' }).filter({ hasText: 'Banned' });
    await expect(banRow).toContainText('Insulting other readers');
    const removal = page.getByRole('row').filter({ hasText: 'Abuse or harassment' });
    await expect(removal).toContainText('Removed');
    await expect(page.getByRole('row').filter({ hasText: 'Restored' })).not.toHaveCount(0);
    await expect(removal.getByRole('cell', { name: 'Removed', exact: true })).toBeVisible();
    await expect(removal.getByRole('cell').first()).toHaveText(dateTimeStyle);

    await filter.selectOption({ label: 'Banned' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/action=ban/);
    await expect(page.getByRole('row').filter({ hasText: 'Max Turner' })).toHaveCount(1);
  });
});
