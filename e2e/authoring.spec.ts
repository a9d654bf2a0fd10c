import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { createPost, editorBody, expectSaved, saveStatus, signInAs, slugOf, uniqueTitle } from './support/editor';

async function testImage(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .png()
    .withMetadata({ exif: { IFD0: { Copyright: 'secret camera owner' } } })
    .toBuffer();
}

test('an author writes a formatted post with an image; it autosaves, survives a reload, and is private until published', async ({
  page,
}) => {
  await signInAs(page, 'author');
  const title = uniqueTitle('Field notes');
  await createPost(page, title, 'Opening line.');
  const body = editorBody(page);

  // Markdown typing shortcuts and the toolbar, as a person would use them.
  await page.keyboard.press('Enter');
  await page.keyboard.type('## A heading');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Some ');
  await page.getByRole('button', { name: 'Bold' }).click();
  await page.keyboard.type('bold text');
  await page.getByRole('button', { name: 'Bold' }).click();
  await page.keyboard.type(' and a link');
  await page.keyboard.down('Shift');
  for (let i = 0; i < 'link'.length; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.up('Shift');
  await page.getByRole('button', { name: 'Link' }).click();
  await page.getByRole('textbox', { name: 'Link address' }).fill('https://example.com/garden');
  await page.getByRole('button', { name: 'Apply link' }).click();
  await body.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- first item');
  await page.keyboard.press('Enter');
  await page.keyboard.type('second item');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('```ts ');
  await page.keyboard.type('const soil = "loam";');
  await expect(body.locator('h2')).toHaveText('A heading');
  await expect(body.locator('strong')).toHaveText('bold text');
  await expect(body.locator('a')).toHaveAttribute('href', 'https://example.com/garden');
  await expect(body.locator('ul li')).toHaveCount(2);
  await expect(body.locator('pre code')).toContainText('const soil');

  // An image through the toolbar's upload button.
  await page.getByLabel('Upload an image into the post').setInputFiles({
    name: 'raised-bed.png',
    mimeType: 'image/png',
    buffer: await testImage(1600, 900),
  });
  await expect(body.locator('img')).toHaveAttribute('src', /^\/uploads\/[a-f0-9]{32}-1280\.webp$/);
  await expectSaved(page);

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue(title);
  await expect(editorBody(page).locator('h2')).toHaveText('A heading');
  await expect(editorBody(page).locator('strong')).toHaveText('bold text');
  await expect(editorBody(page).locator('img')).toHaveCount(1);
  await page.getByRole('button', { name: 'Markdown' }).click();
  const source = page.getByRole('textbox', { name: 'Markdown source' });
  await expect(source).toHaveValue(/## A heading/);
  await expect(source).toHaveValue(/\*\*bold text\*\*/);
  await expect(source).toHaveValue(/\[link\]\(https:\/\/example\.com\/garden\)/);
  await expect(source).toHaveValue(/```ts\nconst soil = "loam";\n```/);
  await expect(source).toHaveValue(/!\[raised bed\]\(\/uploads\/[a-f0-9]{32}-1280\.webp\)/);

  // Not public while a draft.
  const slug = slugOf(title);
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(404);

  // The preview is the real post page, for the author.
  const [preview] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Preview' }).click(),
  ]);
  await expect(preview).toHaveURL(/\/preview$/);
  await expect(preview.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(preview.locator('article h2')).toHaveText('A heading');
  const image = preview.locator('article .prose img');
  await expect(image).toHaveAttribute('width', '1280');
  await expect(image).toHaveAttribute('height', '720');
  await expect(image).toHaveAttribute('srcset', /-640\.webp 640w, .*-1280\.webp 1280w, .*-1600\.webp 1600w/);
  const src = (await image.getAttribute('src'))!;
  const served = await page.request.get(src);
  expect(served.headers()['content-type']).toBe('image/webp');
  expect(served.headers()['cache-control']).toContain('immutable');
  // Metadata is stripped: the EXIF text is nowhere in the stored file.
  expect((await served.body()).includes(Buffer.from('secret camera owner'))).toBe(false);
});

test('a post published now is on the home page, in the feed and the sitemap; a changed slug redirects', async ({
  page,
}) => {
  await signInAs(page, 'author');
  const title = uniqueTitle('Published today');
  const id = await createPost(page, title, 'Fresh from the editor.');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');
  const slug = slugOf(title);

  await page.goto('/');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  expect(await (await page.request.get('/feed.xml')).text()).toContain(title);
  expect(await (await page.request.get('/sitemap.xml')).text()).toContain(`/posts/${slug}`);

  await page.goBack();
  await page.getByLabel('Slug').fill(`${slug}-moved`);
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByText('Updated: the changes are live.')).toBeVisible();
  const old = await page.request.get(`/posts/${slug}`, { maxRedirects: 0 });
  expect(old.status()).toBe(308);
  expect(old.headers().location).toBe(`/posts/${slug}-moved`);
  await page.goto(`/posts/${slug}`);
  await expect(page).toHaveURL(new RegExp(`/posts/${slug}-moved$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  // Its author, signed in, gets a way back to the editor.
  await page.getByRole('link', { name: 'Edit this post' }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/posts/${id}$`));
});

test('the feeds are served from the cache, yet a published post, a new title and a trash are in the next response', async ({
  page,
}) => {
  const feeds = ['/feed.xml', '/atom.xml'];
  const feedTexts = () => Promise.all(feeds.map(async (path) => (await page.request.get(path)).text()));
  for (const path of feeds) {
    // Polled: another test publishing in parallel empties the cache for one request.
    await expect
      .poll(async () => (await page.request.get(path)).headers()['x-nextjs-cache'], { message: path })
      .toBe('HIT');
    const cached = await page.request.get(path);
    expect(cached.headers()['content-type'], path).toMatch(/^application\/(rss|atom)\+xml; charset=utf-8$/);
  }

  await signInAs(page, 'author');
  const title = uniqueTitle('Feed news');
  await createPost(page, title, 'For the feed readers.');
  for (const text of await feedTexts()) expect(text).not.toContain(title);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');
  for (const text of await feedTexts()) expect(text).toContain(title);

  const renamed = uniqueTitle('Feed renamed');
  await page.getByRole('textbox', { name: 'Title', exact: true }).fill(renamed);
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByText('Updated: the changes are live.')).toBeVisible();
  for (const text of await feedTexts()) {
    expect(text).toContain(renamed);
    expect(text).not.toContain(title);
  }

  await page.getByRole('button', { name: 'Move to trash' }).click();
  await expect(page).toHaveURL(/status=trashed/);
  for (const text of await feedTexts()) expect(text).not.toContain(renamed);
});

test('a post scheduled a minute ahead goes live at that time with nothing else happening', async ({ page }) => {
  test.setTimeout(200_000);
  await signInAs(page, 'author');
  const title = uniqueTitle('Scheduled');
  await createPost(page, title, 'Written ahead of time.');
  await page.getByRole('button', { name: 'Schedule…' }).click();
  // The next whole minute after one minute from now, in the browser's own time zone.
  const when = await page.evaluate(() => {
    const at = new Date(Date.now() + 60_000);
    at.setSeconds(0, 0);
    at.setMinutes(at.getMinutes() + 1);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
    return { input: local.toISOString().slice(0, 16), at: at.getTime() };
  });
  await page.getByLabel('Publish at (your time)').fill(when.input);
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(page.getByTestId('post-status')).toContainText('Scheduled for');

  const slug = slugOf(title);
  // Cached before the time: the home page without it, the post a 404.
  await page.goto('/');
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(404);

  await expect
    .poll(async () => (await page.request.get('/')).text(), { timeout: 150_000, intervals: [2_000] })
    .toContain(title);
  expect(Date.now()).toBeGreaterThanOrEqual(when.at);
  const live = await page.request.get(`/posts/${slug}`);
  expect(live.status()).toBe(200);
});

test('two tabs editing one post: the stale tab gets a conflict instead of overwriting', async ({ page, context }) => {
  await signInAs(page, 'author');
  const title = uniqueTitle('Two tabs');
  const id = await createPost(page, title, 'Shared start.');
  const other = await context.newPage();
  await other.goto(`/dashboard/posts/${id}`);
  await expect(editorBody(other)).toContainText('Shared start.');

  await editorBody(page).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' First tab wrote this.');
  await expectSaved(page);

  await editorBody(other).click();
  await other.keyboard.press('End');
  await other.keyboard.type(' Second tab wrote this.');
  await expect(saveStatus(other)).toHaveText('Not saved: this post changed elsewhere', { timeout: 15_000 });
  await expect(other.getByRole('alert').filter({ hasText: 'changed somewhere else' })).toContainText(
    'Nothing was overwritten',
  );

  // The first tab's text is still what the server has.
  await page.reload();
  await expect(editorBody(page)).toContainText('First tab wrote this.');
  await expect(editorBody(page)).not.toContainText('Second tab');

  // The second tab chooses to keep its own version.
  await other.getByRole('button', { name: 'Keep my version' }).click();
  await expectSaved(other);
  await page.reload();
  await expect(editorBody(page)).toContainText('Second tab wrote this.');
});

test('history lists revisions, compares one with the current text, and restores it', async ({ page }) => {
  await signInAs(page, 'author');
  const title = uniqueTitle('Revisions');
  await createPost(page, title, 'The first version of the text.');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');

  await editorBody(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('A rewritten second version.');
  await expectSaved(page);
  await expect(page.getByText('saved but not live yet')).toBeVisible();
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByText('Updated: the changes are live.')).toBeVisible();
  expect(await (await page.request.get(`/posts/${slugOf(title)}`)).text()).toContain('A rewritten second version.');

  await page.getByRole('button', { name: 'History' }).click();
  const history = page
    .getByRole('region', { name: 'History' })
    .or(page.locator('section[aria-labelledby="history-heading"]'));
  const first = history.getByRole('listitem').filter({ hasText: 'Published' }).last();
  await expect(first).toBeVisible();
  await first.getByRole('button', { name: /^Compare/ }).click();
  await expect(page.getByTestId('revision-diff').locator('del')).toContainText('The first version of the text.');
  await expect(page.getByTestId('revision-diff').locator('ins')).toContainText('A rewritten second version.');
  await page.getByRole('button', { name: 'Restore this revision' }).click();
  await expect(editorBody(page)).toHaveText('The first version of the text.');
  await expect(history.getByRole('listitem').filter({ hasText: 'Restored' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByText('Updated: the changes are live.')).toBeVisible();
  expect(await (await page.request.get(`/posts/${slugOf(title)}`)).text()).toContain('The first version of the text.');
});

test('script and event handlers typed in Markdown mode reach the public page inert', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signInAs(page, 'author');
  const title = uniqueTitle('Hostile markup');
  await createPost(page, title, 'Intro.');
  await page.getByRole('button', { name: 'Markdown' }).click();
  await page
    .getByRole('textbox', { name: 'Markdown source' })
    .fill(
      'Intro.\n\n<img src=x onerror="window.__pwned=1;alert(1)">\n\n<script>window.__pwned=2;alert(2)</script>\n\n<a href="javascript:alert(3)">click</a>\n',
    );
  await expectSaved(page);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');

  await page.goto(`/posts/${slugOf(title)}`);
  const prose = page.locator('article .prose');
  await expect(prose).toContainText('Intro.');
  await expect(prose.locator('script')).toHaveCount(0);
  await expect(prose.locator('[onerror]')).toHaveCount(0);
  await expect(prose.locator('a[href^="javascript"]')).toHaveCount(0);
  await page.waitForLoadState('load');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('uploads that are not images, or are over 10 MB, are refused with a message', async ({ page }) => {
  await signInAs(page, 'author');
  await createPost(page, uniqueTitle('Bad uploads'), 'Testing uploads.');
  const upload = page.getByLabel('Upload an image into the post');
  await upload.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text\n') });
  const problem = page.getByRole('alert').filter({ hasText: 'was not uploaded' });
  await expect(problem).toContainText('“notes.png” was not uploaded: This file is not an image');
  const big = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(12 * 1024 * 1024),
  ]);
  await upload.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
  await expect(problem).toContainText('“huge.png” was not uploaded: The image is larger than 10 MB.');
  await expect(editorBody(page).locator('img')).toHaveCount(0);
});
