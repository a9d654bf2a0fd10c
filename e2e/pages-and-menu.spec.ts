import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { editorBody, expectSaved, signInAs, slugOf, uniqueTitle } from './support/editor';
import { signedInContext } from './support/people';

// Pages (About, Contact…) and the header menu, as their people use them: an author writes and
// publishes a page in the posts' editor, an admin links it from the menu, and the very next visitor
// sees the link in the header (past the front cache too) and follows it. The page stays out of the
// home page and the feed. On the writers' server: these tests publish and change the menu.

/** Requests a page as a visitor until the front cache holds it (a write elsewhere may empty it for a moment). */
async function holdInFrontCache(request: APIRequestContext, path: string) {
  await expect
    .poll(async () => (await request.get(path)).headers()['x-quire-cache'], {
      message: `${path} is answered by the front cache`,
      timeout: 15_000,
    })
    .toBe('HIT');
}

/** The first row of the menu form nobody has filled; returns its fields. */
async function emptyMenuRow(page: Page) {
  const menu = page.getByRole('form', { name: 'Header menu' });
  const labels = menu.getByRole('textbox', { name: /^Link \d+ label$/ });
  const count = await labels.count();
  for (let index = 0; index < count; index++) {
    if ((await labels.nth(index).inputValue()) === '') {
      const number = index + 1;
      return {
        menu,
        label: menu.getByRole('textbox', { name: `Link ${number} label`, exact: true }),
        target: menu.getByRole('combobox', { name: `Link ${number} goes to`, exact: true }),
        url: menu.getByRole('textbox', { name: `Link ${number} address`, exact: true }),
      };
    }
  }
  throw new Error('The menu form has no empty row.');
}

test('an author publishes a page, an admin adds it to the menu, and the next visitor follows it', async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const title = uniqueTitle('Colophon');
  const slug = slugOf(title);

  await signInAs(page, 'author', '/dashboard/pages');
  await page.getByRole('button', { name: 'New page' }).click();
  await expect(page).toHaveURL(/\/dashboard\/posts\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Page settings' })).toBeVisible();
  // A page has no labels, no comments and no schedule.
  await expect(page.getByLabel('Labels')).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Comments open' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Schedule…' })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Title', exact: true }).fill(title);
  await editorBody(page).click();
  await page.keyboard.type('How this blog is made, and by whom.');
  await expectSaved(page);
  await expect(page.getByText(`Made from the title: /pages/${slug}`)).toBeVisible();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');
  await expect(page.getByRole('link', { name: 'view page' })).toHaveAttribute('href', `/pages/${slug}`);

  // Live at its own address, and in no list of posts.
  const own = await request.get(`/pages/${slug}`);
  expect(own.status()).toBe(200);
  expect(await own.text()).toContain('How this blog is made, and by whom.');
  expect((await request.get(`/posts/${slug}`)).status()).toBe(404);
  const feed = await (await request.get('/feed.xml')).text();
  expect(feed).toContain('<item>');
  expect(feed).not.toContain(title);
  expect(feed).not.toContain(slug);
  expect(await (await request.get('/sitemap.xml')).text()).toContain(`/pages/${slug}</loc>`);

  // The home page as held by the front cache, before the menu changes.
  await holdInFrontCache(request, '/');
  expect(await (await request.get('/')).text()).not.toContain(title);

  const admin = await signedInContext(browser, 'admin');
  await admin.page.goto('/dashboard/settings');
  // An address that would run a script is refused beside its field, with what was typed kept.
  const bad = await emptyMenuRow(admin.page);
  await bad.label.fill('Tricky');
  await bad.target.selectOption({ label: 'An address (type it in the next field)' });
  await bad.url.fill('javascript:alert(document.cookie)');
  await bad.menu.getByRole('button', { name: 'Save menu' }).click();
  await expect(bad.menu.getByRole('alert')).toHaveText('Please correct the menu links marked below.');
  await expect(bad.menu.getByText(/Enter a web address starting with https:\/\//)).toBeVisible();
  await expect(bad.url).toHaveValue('javascript:alert(document.cookie)');
  await expect(bad.label).toHaveValue('Tricky');
  await bad.label.fill('');
  await bad.target.selectOption({ label: 'Choose…' });
  await bad.url.fill('');

  const row = await emptyMenuRow(admin.page);
  const linkLabel = `Colophon ${slug.slice(-6)}`;
  await row.label.fill(linkLabel);
  await row.target.selectOption({ label: title });
  await row.menu.getByRole('button', { name: 'Save menu' }).click();
  await expect(row.menu.getByRole('status')).toHaveText('Menu saved.');
  await admin.context.close();

  // The very next visitor request has the link in its header, on the home page and any other.
  const home = await (await request.get('/')).text();
  expect(home).toContain(`href="/pages/${slug}"`);
  expect(home).toContain(linkLabel);
  expect(home).not.toContain('javascript:alert');

  const visitor = await signedInContext(browser, 'visitor');
  await visitor.page.goto('/archive');
  const header = visitor.page.getByRole('navigation', { name: 'Menu', exact: true });
  await header.getByRole('link', { name: linkLabel }).click();
  await expect(visitor.page).toHaveURL(new RegExp(`/pages/${slug}$`));
  await expect(visitor.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(visitor.page).toHaveTitle(new RegExp(`^${title} · `));

  // The home page lists posts only: the page is in its header, never among its posts.
  await visitor.page.goto('/');
  await expect(visitor.page.locator('main').getByRole('link', { name: title })).toHaveCount(0);
  await expect(visitor.page.locator('main')).not.toContainText(title);
  await visitor.context.close();
});

test('a reader cannot reach the pages or the menu, and an author cannot edit the menu', async ({ browser }) => {
  const reader = await signedInContext(browser, 'reader');
  for (const path of ['/dashboard/pages', '/dashboard/settings']) {
    await reader.page.goto(path);
    await expect(reader.page.getByRole('heading', { name: 'You can’t open this page' })).toBeVisible();
    await expect(reader.page.getByRole('button', { name: /New page|Save menu/ })).toHaveCount(0);
  }
  await reader.context.close();

  const author = await signedInContext(browser, 'author');
  await author.page.goto('/dashboard/pages');
  await expect(author.page.getByRole('button', { name: 'New page' })).toBeVisible();
  await author.page.goto('/dashboard/settings');
  await expect(author.page.getByRole('heading', { name: 'You can’t open this page' })).toBeVisible();
  await author.context.close();
});
