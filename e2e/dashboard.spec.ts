import { expect, test, type Request } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { sql } from './support/people';
import { createPost, editorBody, expectSaved, signInAs, slugOf, uniqueTitle } from './support/editor';
import { signedInContext } from './support/people';

test('visitors are sent to sign in; readers and moderators get a 403 page, not the dashboard', async ({ browser }) => {
  const visitor = await browser.newPage();
  await visitor.goto('/dashboard');
  await expect(visitor).toHaveURL(/\/signin\?returnTo=%2Fdashboard$/);
  await visitor.close();

  for (const role of ['reader', 'moderator'] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, role, '/');
    for (const path of ['/dashboard', '/dashboard/settings', '/dashboard/posts/1', '/dashboard/posts/1/preview']) {
      const response = await page.goto(path);
      expect(response?.status(), `${role} at ${path}`).toBe(403);
      await expect(page.getByRole('heading', { name: 'You can’t open this page' })).toBeVisible();
      await expect(page.getByRole('textbox', { name: 'Post body' })).toHaveCount(0);
    }
    await context.close();
  }
});

test('the editor’s actions and uploads refuse everyone but the post’s author and admins, even when called directly', async ({
  page,
  browser,
}) => {
  // Six people in turn, one of them a new account confirmed through its mail: about a minute on two
  // cores shared with three servers.
  test.setTimeout(120_000);
  await signInAs(page, 'author');
  const title = uniqueTitle('Guarded');
  const id = await createPost(page, title, 'Only mine.');

  // The real autosave request the editor sends: replayed below as other people.
  const captured = page.waitForRequest(
    (request: Request) => request.method() === 'POST' && request.headers()['next-action'] !== undefined,
  );
  await editorBody(page).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Still mine.');
  const autosave = await captured;
  await expectSaved(page);
  const body = autosave.postData()!.replace('Still mine.', 'Taken over!');
  expect(body).toContain('Taken over!');
  const headers = {
    'next-action': autosave.headers()['next-action']!,
    'content-type': autosave.headers()['content-type']!,
    origin: new URL(page.url()).origin,
    accept: 'text/x-component',
  };

  for (const who of ['visitor', 'reader', 'moderator', 'other-author'] as const) {
    const { context, page: other } = await signedInContext(browser, who);
    const response = await other.request.post(`/dashboard/posts/${id}`, { headers, data: body });
    expect(await response.text(), who).toContain('You cannot edit this post');
    if (who !== 'visitor') {
      expect((await other.goto(`/dashboard/posts/${id}`))?.status(), who).toBe(403);
      const upload = await other.request.post('/api/uploads', {
        headers: { origin: headers.origin },
        multipart: { file: { name: 'a.png', mimeType: 'image/png', buffer: Buffer.from('x') } },
      });
      expect(upload.status(), who).toBe(who === 'other-author' ? 422 : 403);
    }
    await context.close();
  }
  const [row] = await sql<{ body: string }>('select body_markdown as body from posts where id = ?', id);
  expect(row!.body).toContain('Still mine.');
  expect(row!.body).not.toContain('Taken over!');

  // An admin may edit anyone's post: the same call goes through.
  const { context, page: admin } = await signedInContext(browser, 'admin');
  await admin.goto(`/dashboard/posts/${id}`);
  await expect(admin.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue(title);
  await context.close();
});

test('an admin sees every author’s posts and filters them by author; an author sees only their own', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'author');
  const title = uniqueTitle('Author listing');
  await createPost(page, title, 'Listed.');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Your posts' })).toBeVisible();
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
  // The demo admin's posts are not the author's.
  await expect(page.getByRole('link', { name: 'Why we write in public', exact: true })).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search titles' }).fill(title);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(1);

  const { context, page: admin } = await signedInContext(browser, 'admin');
  await admin.goto('/dashboard');
  await expect(admin.getByRole('heading', { name: 'All posts' })).toBeVisible();
  await admin.getByRole('link', { name: /^Drafts/ }).click();
  await expect(admin.getByRole('link', { name: title, exact: true })).toBeVisible();
  await admin.getByLabel('Author').selectOption({ label: 'Ada Marsh' });
  await admin.getByRole('button', { name: 'Filter' }).click();
  await expect(admin.getByRole('link', { name: title, exact: true })).toHaveCount(0);
  await admin.getByRole('link', { name: /^All/ }).click();
  await expect(admin.getByRole('link', { name: 'Why we write in public', exact: true })).toBeVisible();
  await context.close();
});

test('trash: a trashed post leaves the site, comes back as a draft, and an admin empties the trash', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'author');
  const title = uniqueTitle('Trash me');
  await createPost(page, title, 'Short-lived.');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');
  const slug = slugOf(title);
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(200);

  await page.getByRole('button', { name: 'Move to trash' }).click();
  await expect(page).toHaveURL(/status=trashed/);
  await expect(page.getByText(title, { exact: true })).toBeVisible();
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(404);

  await page.getByRole('button', { name: `Restore “${title}”` }).click();
  await expect(page.getByRole('status')).toContainText('Restored as a draft.');
  await page.getByRole('link', { name: /^Drafts/ }).click();
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(404);

  await page.getByRole('button', { name: `Trash “${title}”` }).click();
  await expect(page.getByRole('status')).toContainText('Moved to the trash.');

  // Authors cannot empty the trash; admins can.
  await page.goto('/dashboard?status=trashed');
  await expect(page.getByRole('button', { name: /Empty trash/ })).toHaveCount(0);
  const { context, page: admin } = await signedInContext(browser, 'admin');
  await admin.goto('/dashboard?status=trashed');
  await expect(admin.getByText(title, { exact: true })).toBeVisible();
  await admin.getByRole('button', { name: /Empty trash/ }).click();
  await expect(admin.getByRole('status')).toContainText('for good');
  await context.close();
  expect(await sql('select count(*) as n from posts where title = ?', title)).toEqual([{ n: 0 }]);
});

test('site settings: admins change the description; bad values get field errors and keep what was typed', async ({
  browser,
}) => {
  const { context, page } = await signedInContext(browser, 'admin');
  await page.goto('/dashboard/settings');
  const description = page.getByLabel('Description');
  const original = await description.inputValue();
  await page.getByLabel('Posts per page').fill('0');
  await description.fill('Typed and kept');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Show at least 1 post per page.')).toBeVisible();
  await expect(description).toHaveValue('Typed and kept');
  expect(await (await page.request.get('/')).text()).not.toContain('Typed and kept');

  await page.getByLabel('Posts per page').fill('10');
  await description.fill(`${original} (edited)`);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  expect(await (await page.request.get('/')).text()).toContain(`${original} (edited)`);
  await description.fill(original);
  try {
    // The listing size and the comments default take effect on the next request and the next post.
    await page.getByLabel('Posts per page').fill('2');
    await page.getByLabel('New posts start with comments open').uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toHaveText('Settings saved.');
    const home = await context.newPage();
    await home.goto('/');
    await expect(home.locator('main article')).toHaveCount(2);
    await expect(home.getByRole('link', { name: 'Older posts →' })).toHaveAttribute('href', '/page/2');
    await home.goto('/dashboard');
    await home.getByRole('button', { name: 'New post' }).click();
    await expect(home.getByLabel('Comments open')).not.toBeChecked();
    await home.close();
  } finally {
    await page.goto('/dashboard/settings');
    await page.getByLabel('Posts per page').fill('10');
    await page.getByLabel('New posts start with comments open').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toHaveText('Settings saved.');
  }
  await context.close();

  // Authors do not get the settings page.
  const author = await signedInContext(browser, 'author');
  expect((await author.page.goto('/dashboard/settings'))?.status()).toBe(403);
  await author.context.close();
});

test('a browser crash loses nothing: unsaved text is offered back from this browser', async ({ page, context }) => {
  await signInAs(page, 'author');
  const id = await createPost(page, uniqueTitle('Crash'), 'Saved part.');
  // The server cannot be reached from this tab: the next save fails and the text stays in this
  // browser. (Not context.setOffline: going back online fires the closing tab's `online` handler,
  // whose save sometimes reached the server before the tab was gone.)
  await page.route('**/*', (route) =>
    route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
  );
  await editorBody(page).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Typed while offline.');
  await expect(page.locator('[data-save-state]')).toHaveText('Offline — changes kept in this browser', {
    timeout: 15_000,
  });
  // A crash: the tab is gone without a goodbye.
  await page.close({ runBeforeUnload: false });
  const again = await context.newPage();
  await again.goto(`/dashboard/posts/${id}`);
  await expect(again.getByRole('textbox', { name: 'Post body' })).not.toContainText('Typed while offline.');
  await again.getByRole('button', { name: 'Restore my changes' }).click();
  await expect(again.getByRole('textbox', { name: 'Post body' })).toContainText('Typed while offline.');
  await expectSaved(again);
  await again.reload();
  await expect(again.getByRole('textbox', { name: 'Post body' })).toContainText('Saved part. Typed while offline.');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the dashboard and the editor have no serious accessibility violations (${scheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await signInAs(page, 'author');
    const id = await createPost(page, uniqueTitle('Accessible'), 'Checked by axe.');
    for (const path of ['/dashboard', `/dashboard/posts/${id}`, `/dashboard/posts/${id}/preview`]) {
      await page.goto(path);
      await expect(page.getByRole('main')).toBeVisible();
      if (path.endsWith(String(id))) await expect(editorBody(page)).toBeVisible();
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await context.close();
  });
}
