import { expect, test, type APIRequestContext } from '@playwright/test';
import { createPost, editorBody, expectSaved, signInAs, slugOf, uniqueTitle } from './support/editor';
import { refreshCache } from './support/database';
import { postComment, removeFromPostPage, signedInContext, sql } from './support/people';

// The front cache (scripts/front-door.mjs) answers visitors' page requests before Next does. Each
// test first makes sure the pages it checks are held there (`x-quire-cache: HIT`), then writes the way
// a person does, and reads the pages again with the very next visitor request: a write must never be
// hidden behind the front cache, and no one gets a page meant for someone else.
// On the writers' server: these tests comment, remove and publish.

/** Requests a page as a visitor until the front cache answers it (a write elsewhere may empty it for a moment). */
async function holdInFrontCache(request: APIRequestContext, path: string) {
  await expect
    .poll(
      async () => (await request.get(path, { headers: { 'accept-encoding': 'br, gzip' } })).headers()['x-quire-cache'],
      {
        message: `${path} is answered by the front cache`,
        timeout: 15_000,
      },
    )
    .toBe('HIT');
}

const unique = (text: string) => `${text} ${Date.now().toString(36)}`;

test('a new comment, then its removal by a moderator, show on the next visitor request', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const slug = 'keyboard-shortcuts-worth-learning';
  await holdInFrontCache(request, `/posts/${slug}`);

  const reader = await signedInContext(browser, 'reader');
  const text = unique('Said through the front cache');
  const id = await postComment(reader.page, slug, text);
  const afterComment = await request.get(`/posts/${slug}`);
  expect(await afterComment.text()).toContain(text);

  await holdInFrontCache(request, `/posts/${slug}`);
  const moderator = await signedInContext(browser, 'moderator');
  await removeFromPostPage(moderator.page, slug, id);

  const afterRemoval = await request.get(`/posts/${slug}`);
  const html = await afterRemoval.text();
  expect(html).not.toContain(text);
  expect(html).toContain('Comment removed by a moderator');
  for (const context of [reader.context, moderator.context]) await context.close();
});

test('a publish shows at once on the home page, its label page, its own address and both feeds', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const title = uniqueTitle('Front cache news');
  const slug = slugOf(title);
  await signInAs(page, 'author');
  await createPost(page, title, 'Published past the front cache.');
  await page.getByLabel('Labels').fill('Writing');
  await page.getByRole('button', { name: 'Add label' }).click();
  await expect(editorBody(page)).toBeVisible();
  await expectSaved(page);

  const lists = ['/', '/labels/writing', '/feed.xml', '/atom.xml'];
  for (const path of lists) await holdInFrontCache(request, path);
  expect((await request.get(`/posts/${slug}`)).status()).toBe(404);

  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');
  for (const path of lists) {
    expect(await (await request.get(path)).text(), path).toContain(title);
  }
  const postPage = await request.get(`/posts/${slug}`);
  expect(postPage.status()).toBe(200);
  expect(await postPage.text()).toContain('Published past the front cache.');
});

test('visitor pages carry CDN headers and answer If-None-Match; signed-in and RSC requests never carry them', async ({
  browser,
  request,
}) => {
  // A post no other test writes to.
  const slug = 'hello-world';
  const path = `/posts/${slug}`;
  await holdInFrontCache(request, path);
  const cached = await request.get(path, { headers: { 'accept-encoding': 'br, gzip' } });
  const headers = cached.headers();
  expect(headers['content-encoding']).toBe('br');
  expect(headers['cache-control']).toMatch(/^public, max-age=0, s-maxage=\d+$/);
  expect(headers['cache-tag']!.split(',')).toContain(`post%3A${slug}`);
  expect(headers['surrogate-key']!.split(' ')).toContain(`post%3A${slug}`);
  expect(headers.vary).toMatch(/\bCookie\b/);
  const notModified = await request.get(path, {
    headers: { 'accept-encoding': 'br, gzip', 'if-none-match': headers.etag! },
  });
  expect(notModified.status()).toBe(304);

  // A reader, signed in: the same shared document, and the answer is for no shared cache.
  const reader = await signedInContext(browser, 'reader');
  const signedIn = await reader.page.request.get(path);
  expect(signedIn.headers()['cache-control']).toBe('private, no-store');
  expect(signedIn.headers()['cache-tag']).toBeUndefined();
  expect(signedIn.headers()['surrogate-key']).toBeUndefined();
  // Pages they opened (their own per-request reply form among them) never reach a visitor: the
  // visitor's page is byte for byte the one visitors had before.
  const before = await (await request.get(path)).text();
  const { id: commentId } = (
    await sql<{ id: number }>(
      "select c.id from comments c join posts p on p.id = c.post_id where p.slug = ? and c.status = 'visible' limit 1",
      slug,
    )
  )[0]!;
  await reader.page.goto(`${path}?reply=${commentId}`);
  await expect(reader.page.getByRole('textbox', { name: 'Your reply' })).toBeVisible();
  await reader.page.goto(path);
  await holdInFrontCache(request, path);
  expect(await (await request.get(path)).text()).toBe(before);
  expect(before).not.toContain('Your reply');

  // The client router's requests get its payload from Next, never the cached HTML.
  const routerRequests: Record<string, string>[] = [{ rsc: '1' }, { rsc: '1', 'next-router-prefetch': '1' }];
  for (const routerHeaders of routerRequests) {
    const response = await request.get(path, { headers: routerHeaders, maxRedirects: 0 });
    expect(response.headers()['x-quire-cache'], JSON.stringify(routerHeaders)).toBeUndefined();
    expect(response.headers()['content-type'] ?? '', JSON.stringify(routerHeaders)).not.toMatch(/text\/html/);
  }
  // And in a browser: a visitor's client-side navigation to a page held in the front cache.
  const visitor = await browser.newPage();
  const payloads: string[] = [];
  visitor.on('response', (response) => {
    if (response.request().headers().rsc) payloads.push(response.headers()['content-type'] ?? '');
  });
  await holdInFrontCache(request, '/');
  await visitor.goto(path);
  await visitor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await expect(visitor).toHaveURL(/\/$/);
  // The home page is drawn from the router's payload: the post's heading is gone.
  await expect(visitor.getByRole('heading', { level: 1, name: 'Hello, world' })).toHaveCount(0);
  expect(payloads.length).toBeGreaterThan(0);
  for (const type of payloads) expect(type).toMatch(/^text\/x-component/);
  await visitor.close();
  await reader.context.close();
});

test('a signed-in reader gets the shared page from the front cache, marked private, and never fills it', async ({
  browser,
  request,
}) => {
  const path = '/posts/hello-world';
  const reader = await signedInContext(browser, 'reader');
  const seen: { cache?: string; control?: string }[] = [];
  reader.page.on('response', (response) => {
    if (response.request().resourceType() === 'document') {
      seen.push({ cache: response.headers()['x-quire-cache'], control: response.headers()['cache-control'] });
    }
  });
  // Other tests publish meanwhile, which empties the front cache for a moment: held, then asked at once.
  await expect
    .poll(async () => {
      await holdInFrontCache(request, path);
      seen.length = 0;
      await reader.page.goto(path);
      return seen;
    })
    .toEqual([{ cache: 'HIT', control: 'private, no-store' }]);
  // The shared document: the reader's own corner (Sign out) comes from their /api/me request.
  await expect(reader.page.getByTestId('account-badge').getByRole('button', { name: 'Sign out' })).toBeVisible();
  const visitorCopy = await (await request.get(path)).text();
  expect(visitorCopy).not.toContain('Sign out');

  // A page no visitor has asked for: the reader's requests go to Next, and are never kept for anyone.
  const { slug } = (
    await sql<{ slug: string }>(
      `select l.slug from labels l join post_labels pl on pl.label_id = l.id join posts p on p.id = pl.post_id
     where p.status = 'published' order by l.id desc limit 1`,
    )
  )[0]!;
  const labelPath = `/labels/${encodeURIComponent(slug)}`;
  await refreshCache(request, ['post-lists']);
  seen.length = 0;
  await reader.page.goto(labelPath);
  await reader.page.reload();
  expect(seen.map((entry) => entry.cache)).toEqual([undefined, undefined]);
  expect(seen.every((entry) => entry.control === 'private, no-store')).toBe(true);
  const first = await request.get(labelPath);
  expect(first.status()).toBe(200);
  expect(first.headers()['x-quire-cache']).toBeUndefined();
  await reader.context.close();
});
