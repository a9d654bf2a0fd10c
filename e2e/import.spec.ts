import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import {
  bloggerFixturePath,
  disqusFixturePath,
  minimalWordPressFixturePath,
  themeUnitTestMissing,
  themeUnitTestPath,
  wordpressFixturePath,
} from '../tests/fixtures';
import { seriousViolations } from './support/axe';
import { signInAs } from './support/editor';
import { sql } from './support/people';

// Runs on a server of its own (see playwright.config.ts): importing adds a whole other blog.
test.describe.configure({ mode: 'serial' });

const wordpressFile = wordpressFixturePath;
const bloggerFile = bloggerFixturePath;
const disqusFile = disqusFixturePath;

type Item = {
  id: string;
  type: string;
  status: string;
  title: string;
  password: string;
  link: string;
  labels: string[];
  comments: { id: string; approved: string; type: string; parent: string; content: string }[];
};

/** An export read independently of Quire's importer, as the expectations' source. */
function wordpressItems(file: string): Item[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (name) => ['item', 'category', 'wp:comment'].includes(name),
  });
  const channel = parser.parse(readFileSync(file, 'utf8')).rss.channel;
  const str = (value: unknown) =>
    typeof value === 'string'
      ? value
      : typeof value === 'object' && value
        ? String((value as Record<string, unknown>)['#text'] ?? '')
        : '';
  return (channel.item as Record<string, unknown>[]).map((item) => ({
    id: str(item['wp:post_id']),
    type: str(item['wp:post_type']),
    status: str(item['wp:status']),
    title: str(item.title),
    password: str(item['wp:post_password']),
    link: str(item.link),
    labels: ((item.category as unknown[]) ?? []).map(str),
    comments: ((item['wp:comment'] as Record<string, unknown>[]) ?? []).map((comment) => ({
      id: str(comment['wp:comment_id']),
      approved: str(comment['wp:comment_approved']),
      type: str(comment['wp:comment_type']),
      parent: str(comment['wp:comment_parent']),
      content: str(comment['wp:comment_content']),
    })),
  }));
}

/** The posts and pages an export's import creates (trash and auto-drafts are skipped). */
const importedItems = (file: string) =>
  wordpressItems(file).filter(
    (item) => (item.type === 'post' || item.type === 'page') && item.status !== 'trash' && item.status !== 'auto-draft',
  );
const isPublished = (item: Item) => item.status === 'publish' && !item.password;
/** Comments on pages are not imported: Quire's pages have none. */
const importedComments = (items: Item[]) =>
  items
    .filter((item) => item.type !== 'page')
    .flatMap((item) => item.comments)
    .filter((comment) => comment.approved !== 'spam' && comment.approved !== 'trash')
    .filter((comment) => comment.type !== 'pingback' && comment.type !== 'trackback').length;

const plain = (title: string) =>
  title
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

async function importFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.goto('/dashboard/import');
  await page.getByLabel('Export file').setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/dashboard\/import\/[0-9a-f-]{36}$/);
}

async function expectReport(page: Page) {
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
  const value = async (id: string) => Number(await page.getByTestId(id).textContent());
  return {
    posts: await value('created-posts'),
    comments: await value('created-comments'),
    users: await value('created-users'),
    redirects: await value('created-redirects'),
    skipped: await value('skipped'),
  };
}

const count = async (table: string) => (await sql<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n;

/** Every published item answers at its old `/?p=` address with its title, and nothing in it can run. */
async function expectPublishedClean(page: Page, items: Item[]) {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  for (const item of items.filter(isPublished)) {
    const old = `/?${item.type === 'page' ? 'page_id' : 'p'}=${item.id}`;
    const response = await page.goto(old, { waitUntil: 'domcontentloaded' });
    expect(response?.status(), `${old} “${item.title}”`).toBe(200);
    // A WordPress page becomes a Quire page, at /pages/<slug>.
    const kind = item.type === 'page' ? 'pages' : 'posts';
    expect(page.url(), old).toMatch(new RegExp(`/${kind}/[a-z0-9-]+$`));
    const heading = page.locator(item.type === 'page' ? '#page-title' : '#post-title');
    if (plain(item.title)) await expect(heading).toHaveText(plain(item.title));
    const article = page.locator('main').first();
    const problems = await article.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('pre, code').forEach((code) => code.remove());
      const text = copy.textContent ?? '';
      const found: string[] = [];
      if (/\[\/?(caption|gallery|audio|video|embed|playlist|contact-form)\b/.test(text)) found.push('raw shortcode');
      if (/<!--\s*\/?wp:|wp:paragraph/.test(text)) found.push('block comment');
      if (element.querySelector('script, iframe, object, embed, style')) found.push('unsafe element');
      for (const node of element.querySelectorAll('*')) {
        for (const attribute of node.getAttributeNames()) {
          if (attribute.startsWith('on')) found.push(`${node.tagName} ${attribute}`);
        }
        const href = node.getAttribute('href') ?? node.getAttribute('src') ?? '';
        if (/^\s*javascript:/i.test(href)) found.push('javascript: link');
      }
      return found;
    });
    expect(problems, `${item.title}`).toEqual([]);
  }
  expect(dialogs).toEqual([]);
}

test.describe('importing a WordPress site', () => {
  const items = importedItems(wordpressFile);

  test('an admin imports a WordPress export from the dashboard, with progress and a report', async ({ page }) => {
    expect(items).toHaveLength(16);
    await signInAs(page, 'admin', '/dashboard/import');
    // One of the file's authors already reads this blog, under the same email.
    await sql(
      "insert into users (id, handle, email, name, role) values ('reviewer-reader', 'reviewer', 'ben@allotment.example.org', 'Rev', 'reader')",
    );
    const postsBefore = await count('posts');
    await importFile(page, wordpressFile);
    await expect(page.getByRole('heading', { name: /Import of wordpress-export/ })).toBeVisible();
    const report = await expectReport(page);
    expect(report.posts).toBe(items.length);
    expect(report.comments).toBe(importedComments(items));
    expect(await count('posts')).toBe(postsBefore + items.length);
    await expect(page.getByRole('listitem').filter({ hasText: 'existing account @reviewer, a reader' })).toBeVisible();
    // The job's progress reached its end.
    const jobId = page.url().split('/').pop();
    const progress = await (await page.request.get(`/api/import/${jobId}`)).json();
    expect(progress).toMatchObject({ status: 'done' });
    expect(progress.done).toBe(progress.total);
    // Skipped items are listed with their reasons.
    expect(await seriousViolations(page)).toEqual([]);
    const pingbacks = page.locator('details', { hasText: '× a pingback' });
    await pingbacks.getByText(/× a pingback/).click();
    await expect(pingbacks.getByText('Comment 5013 on “Planting garlic in October”')).toBeVisible();
    const trashed = page.locator('details', { hasText: '× its WordPress status is trash' });
    await trashed.locator('summary').click();
    await expect(trashed.getByText('Post 3009 “An old rant about slugs”')).toBeVisible();
  });

  test('every published post and page is at its new address, rendered clean', async ({ page }) => {
    test.setTimeout(180_000);
    expect(items.filter(isPublished).length).toBeGreaterThanOrEqual(10);
    await expectPublishedClean(page, items);
  });

  test('a WordPress page is a page: at /pages/<slug>, its old address redirects there, not on the home page', async ({
    page,
  }) => {
    const about = items.find((item) => item.title === 'About the plot')!;
    expect(about.type).toBe('page');
    const redirect = await page.request.get(`/?page_id=${about.id}`, { maxRedirects: 0 });
    expect(redirect.status()).toBe(308);
    // The seeded blog has an About page of its own, so the imported one may get a numbered slug.
    const slug = /\/pages\/(about(?:-\d+)?)$/.exec(redirect.headers()['location'] ?? '')?.[1];
    expect(slug, redirect.headers()['location']).toBeTruthy();
    await page.goto(new URL(about.link).pathname);
    await expect(page).toHaveURL(new RegExp(`/pages/${slug}$`));
    await expect(page.locator('#page-title')).toHaveText('About the plot');
    expect((await page.goto(`/posts/${slug}`))?.status()).toBe(404);
    // Every page of the home page's list: the imported posts are there, the imported pages are not.
    const listed: string[] = [];
    for (let next: string | null = '/'; next;) {
      await page.goto(next);
      listed.push(
        ...(await page.getByRole('main').locator('a[href^="/posts/"], a[href^="/pages/"]').allTextContents()),
      );
      next = await page
        .locator('main a[rel="next"]')
        .getAttribute('href', { timeout: 1_000 })
        .catch(() => null);
    }
    const text = listed.join('\n');
    expect(text).toContain('Planting garlic in October');
    expect(text).toContain('Things that should not run');
    expect(text).not.toContain('About the plot');
    expect(text).not.toContain('Site rules');
  });

  test('classic and block-editor posts show their figures, galleries and lists', async ({ page }) => {
    await page.goto('/posts/planting-garlic-in-october');
    const figure = page.locator('main figure', { hasText: 'Two rows, twenty centimetres apart.' });
    await expect(figure.getByRole('img', { name: 'Two rows of garlic cloves in dark soil' })).toHaveCount(1);
    await page.goto('/posts/raised-beds-block-by-block');
    await expect(page.getByRole('heading', { name: 'What it cost' })).toBeVisible();
    await expect(page.locator('main blockquote')).toContainText('Measure twice, cut once');
    await page.goto('/posts/a-year-in-photographs');
    for (const alt of [
      'Frost on the cabbages',
      'July glut',
      'An empty raised bed frame',
      'The bed filled with compost',
    ]) {
      await expect(page.getByRole('img', { name: alt })).toHaveCount(1);
    }
  });

  test('comments appear threaded with the right counts; held ones stay hidden', async ({ page }) => {
    const tomatoes = items.find((item) => item.title === 'What went wrong with the tomatoes')!;
    const approved = tomatoes.comments.filter((comment) => comment.approved === '1');
    expect(approved).toHaveLength(9);
    await page.goto(`/?p=${tomatoes.id}`);
    await expect(page.locator('#comments-heading')).toHaveText(`${approved.length} comments`);
    const thread = page.locator('#comments');
    await expect(thread.locator('article.comment')).toHaveCount(approved.length);
    // A reply sits inside its parent's thread.
    const reply = approved.find(
      (comment) => comment.parent !== '0' && approved.some((parent) => parent.id === comment.parent),
    )!;
    const parent = approved.find((comment) => comment.id === reply.parent)!;
    const parentItem = thread.locator('li', { has: page.locator('> article', { hasText: plain(parent.content) }) });
    await expect(parentItem.locator('ol.thread article', { hasText: plain(reply.content) }).first()).toBeVisible();
    // The comments waiting for approval in WordPress are not shown, nor is the spam.
    for (const held of tomatoes.comments.filter((comment) => comment.approved !== '1')) {
      await expect(thread).not.toContainText(plain(held.content));
    }
  });

  test('scheduled, draft, pending, private and password-protected posts are not public', async ({ page }) => {
    const hidden = items.filter((item) => !isPublished(item));
    expect(hidden.map((item) => item.status).sort()).toEqual(
      expect.arrayContaining(['draft', 'future', 'pending', 'private', 'publish']),
    );
    for (const item of hidden) {
      const response = await page.goto(`/?${item.type === 'page' ? 'page_id' : 'p'}=${item.id}`);
      expect(response?.status(), item.title).toBe(404);
    }
  });

  test('labels match the categories and tags, and old permalinks redirect', async ({ page }) => {
    const manyTags = items.find((item) => item.title === 'Everything we grew this year')!;
    await page.goto(`/?p=${manyTags.id}`);
    const labels = (await page.getByRole('list', { name: 'Labels' }).getByRole('link').allTextContents()).map((name) =>
      name.toLowerCase(),
    );
    expect(labels.length).toBe(manyTags.labels.length);
    for (const name of manyTags.labels) expect(labels, name).toContain(plain(name).toLowerCase());

    const garlic = items.find((item) => item.title === 'Planting garlic in October')!;
    const response = await page.goto(new URL(garlic.link).pathname);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/posts\/planting-garlic-in-october$/);
    const redirect = await page.request.get(new URL(garlic.link).pathname.replace(/\/$/, ''), { maxRedirects: 0 });
    expect(redirect.status()).toBe(308);

    // A percent-encoded Greek permalink finds its post too.
    const greek = items.find((item) => item.title === 'Ντομάτες και βασιλικός')!;
    await page.goto(new URL(greek.link).pathname);
    await expect(page).toHaveURL(/\/posts\/[a-z0-9-]+$/);
    await expect(page.locator('#post-title')).toHaveText('Ντομάτες και βασιλικός');
  });

  test('importing the same file again creates nothing twice', async ({ page }) => {
    await signInAs(page, 'admin', '/dashboard/import');
    const before = await Promise.all(['posts', 'comments', 'users', 'labels', 'post_redirects'].map(count));
    await importFile(page, wordpressFile);
    const report = await expectReport(page);
    expect(report).toMatchObject({ posts: 0, comments: 0, users: 0, redirects: 0 });
    expect(await Promise.all(['posts', 'comments', 'users', 'labels', 'post_redirects'].map(count))).toEqual(before);
  });

  test('a minimal export (no post ids, slugs or authors) imports once, with slugs from its titles', async ({
    page,
  }) => {
    await signInAs(page, 'admin', '/dashboard/import');
    await importFile(page, minimalWordPressFixturePath);
    expect(await expectReport(page)).toMatchObject({ posts: 4, skipped: 1 });
    const unrecognisable = page.locator('details', { hasText: '× it has no wp:post_id, guid or link' });
    await unrecognisable.locator('summary').click();
    await expect(unrecognisable.getByText('Post “A post with no address”')).toBeVisible();
    await importFile(page, minimalWordPressFixturePath);
    expect(await expectReport(page)).toMatchObject({ posts: 0, comments: 0, users: 0, redirects: 0 });
    const response = await page.goto('/posts/first-frost-on-the-balcony');
    expect(response?.status()).toBe(200);
    await expect(page.locator('#post-title')).toHaveText('First frost on the balcony');
    // Its old address, from the link, redirects too.
    await page.goto('/herbs-that-survive-neglect/');
    await expect(page).toHaveURL(/\/posts\/herbs-that-survive-neglect$/);
  });
});

// An extra check on WordPress's own Theme Unit Test export when it is found beside the project (it is
// not in the repository). Its post ids never meet the fixture's (3000s), so both can live on one server.
test.describe('importing WordPress’s Theme Unit Test data (when found)', () => {
  test('it imports in full, every published post is clean at its address, and nothing comes twice', async ({
    page,
  }) => {
    // Skipped only where WordPress's Theme Unit Test file is absent: it is third-party data kept out of
    // the repository (../shared/fixtures or QUIRE_WORDPRESS_FIXTURE); the fixture tests above always run.
    test.skip(!themeUnitTestPath, themeUnitTestMissing);
    test.setTimeout(240_000);
    const items = importedItems(themeUnitTestPath!);
    await signInAs(page, 'admin', '/dashboard/import');
    await importFile(page, themeUnitTestPath!);
    const report = await expectReport(page);
    expect(report.posts).toBe(items.length);
    expect(report.comments).toBe(importedComments(items));
    await expectPublishedClean(page, items);
    await importFile(page, themeUnitTestPath!);
    expect(await expectReport(page)).toMatchObject({ posts: 0, comments: 0, users: 0, redirects: 0 });
  });
});

test.describe('importing Blogger and Disqus', () => {
  test('a Blogger backup imports without JavaScript, and its old addresses redirect', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, 'admin', '/dashboard/import');
    await importFile(page, bloggerFile);
    // The page reloads itself (meta refresh) until the import is done.
    const report = await expectReport(page);
    expect(report).toMatchObject({ posts: 3, comments: 3, users: 1, redirects: 2 });
    const response = await page.goto('/2011/05/tide-pools-at-dawn.html');
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/posts\/tide-pools-at-dawn$/);
    await expect(page.locator('#comments-heading')).toHaveText('3 comments');
    const first = page.locator('#comments li', { has: page.locator('> article', { hasText: 'Lovely photo!' }) });
    await expect(first.locator('ol.thread article', { hasText: 'below the lighthouse' })).toBeVisible();
    // The draft is not public; the title's script was removed and the body's never runs.
    expect((await page.goto('/posts/half-written-thoughts-on-gulls'))?.status()).toBe(404);
    await page.goto('/2011/06/storm-warning.html');
    await expect(page.locator('#post-title')).toHaveText('Storm warning');
    expect(await page.locator('main article script').count()).toBe(0);
    await context.close();
  });

  test('Disqus comments attach to the imported posts by their old URL, threaded', async ({ page }) => {
    await signInAs(page, 'admin', '/dashboard/import');
    await importFile(page, disqusFile);
    const report = await expectReport(page);
    expect(report.comments).toBe(3);
    const unmatched = page.locator('details', { hasText: '× no imported or Quire post answers' });
    await unmatched.locator('summary').click();
    await expect(unmatched.getByText('Thread “A page that was never imported” (1 comment)')).toBeVisible();
    await page.goto('/posts/storm-warning');
    await expect(page.locator('#comments-heading')).toHaveText('3 comments');
    const olle = page.locator('#comments li', { has: page.locator('> article', { hasText: 'Pier was closed' }) });
    const sanna = olle.locator('li', { has: page.locator('> article', { hasText: 'Did the ferry still run?' }) });
    await expect(sanna.locator('article', { hasText: 'Only the morning one.' })).toBeVisible();
    await expect(page.locator('#comments')).not.toContainText('Cheap flights');
  });
});

// The import server allows 127.0.0.1 only (QUIRE_IMPORT_ALLOWED_ADDRESSES, set for the browser tests by
// scripts/e2e-server.mjs) so that a local server can play the old site; every other private address
// stays refused, as in production.
test.describe('copying images', () => {
  let server: Server;
  let origin = '';
  let internal: Server;
  let internalOrigin = '';
  const internalRequests: string[] = [];
  test.beforeAll(async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a7' } })
      .png()
      .toBuffer();
    server = createServer((request, response) => {
      if (request.url === '/wp-content/uploads/harbour.png')
        response.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // Stands in for a service inside the server's network: it must never be asked for anything.
    internal = createServer((request, response) => {
      internalRequests.push(request.url ?? '');
      response.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.2', resolve));
    const internalAddress = internal.address();
    internalOrigin = `http://127.0.0.2:${typeof internalAddress === 'object' && internalAddress ? internalAddress.port : 0}`;
  });
  test.afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => internal.close(() => resolve()));
  });

  test('with “Copy the posts’ images”, the imported post shows Quire’s own copy', async ({ page }) => {
    const wxr = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<title>Harbour</title><link>${origin}</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>The harbour at noon</title><link>${origin}/2020/05/04/harbour/</link>
<content:encoded><![CDATA[<p>Boats.</p><p><img src="${origin}/wp-content/uploads/harbour.png" alt="Boats in the harbour"></p>]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date_gmt>2020-05-04 12:00:00</wp:post_date_gmt><wp:post_name>the-harbour-at-noon</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`;
    await signInAs(page, 'admin', '/dashboard/import');
    await page
      .getByLabel('Export file')
      .setInputFiles({ name: 'harbour.xml', mimeType: 'text/xml', buffer: Buffer.from(wxr) });
    await page.getByLabel('Copy the posts’ images into Quire').check();
    await page.getByRole('button', { name: 'Import' }).click();
    expect((await expectReport(page)).posts).toBe(1);
    await page.goto('/posts/the-harbour-at-noon');
    const image = page.getByRole('img', { name: 'Boats in the harbour' });
    await expect(image).toHaveAttribute('src', /^\/uploads\/[a-f0-9]{32}-64\.webp$/);
    // Lazy-loaded: bring it into view, then it must load from Quire.
    await image.scrollIntoViewIfNeeded();
    // (Its srcset's `sizes` scales naturalWidth, so only "loaded" is checked, not the pixel width.)
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0))
      .toBe(true);
  });

  test('images at private or metadata addresses are refused, fetched never, and listed in the report', async ({
    page,
  }) => {
    const secret = `${internalOrigin}/admin/backup.png`;
    const metadata = 'http://169.254.169.254/latest/meta-data/iam.png';
    const wxr = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<title>Inside</title><link>https://inside.example.test</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Pictures from inside</title><link>https://inside.example.test/pictures/</link>
<content:encoded><![CDATA[<p><img src="${secret}" alt="Backup"></p><p><img src="${metadata}" alt="Metadata"></p>]]></content:encoded>
<wp:post_id>8</wp:post_id><wp:post_date_gmt>2020-05-05 12:00:00</wp:post_date_gmt><wp:post_name>pictures-from-inside</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`;
    await signInAs(page, 'admin', '/dashboard/import');
    await page
      .getByLabel('Export file')
      .setInputFiles({ name: 'inside.xml', mimeType: 'text/xml', buffer: Buffer.from(wxr) });
    await page.getByLabel('Copy the posts’ images into Quire').check();
    await page.getByRole('button', { name: 'Import' }).click();
    expect((await expectReport(page)).posts).toBe(1);
    const refused = page.locator('details', {
      hasText: '2 × not downloaded (refused: not a public address); the post keeps its address',
    });
    await refused.locator('summary').click();
    await expect(refused.getByText(`Image ${secret}`)).toBeVisible();
    await expect(refused.getByText(`Image ${metadata}`)).toBeVisible();
    // No port, error code or internal detail reaches the page.
    await expect(page.getByRole('main')).not.toContainText(/ECONNREFUSED|EHOSTUNREACH|ETIMEDOUT|fetch failed/);
    expect(internalRequests).toEqual([]);
  });
});

test.describe('bad files and who may import', () => {
  test('a file that is not an export, or a hostile one, is refused with a sentence', async ({ page }) => {
    await signInAs(page, 'admin', '/dashboard/import');
    const postsBefore = await count('posts');
    await importFile(page, { name: 'notes.xml', mimeType: 'text/plain', buffer: Buffer.from('just some notes') });
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/not XML/);
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><title>&lol2;</title></channel></rss>`;
    await importFile(page, { name: 'laughs.xml', mimeType: 'text/xml', buffer: Buffer.from(laughs) });
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/DOCTYPE or XML entities/);
    await importFile(page, { name: 'page.xml', mimeType: 'text/xml', buffer: Buffer.from('<html><body/></html>') });
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/root element is <html>/);
    expect(await count('posts')).toBe(postsBefore);
    await page.goto('/dashboard/import');
    await page.getByRole('button', { name: 'Import' }).click();
    // The browser asks for the file first (the input is required).
    await expect(page).toHaveURL(/\/dashboard\/import$/);
  });

  test('the import page has no serious accessibility problems', async ({ page }) => {
    await signInAs(page, 'admin', '/dashboard/import');
    await expect(page.getByRole('heading', { name: 'Recent imports' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('only admins can import', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, 'author', '/');
    expect((await page.goto('/dashboard/import'))?.status()).toBe(403);
    const response = await page.request.post('/api/import', {
      headers: { Origin: new URL(page.url()).origin },
      multipart: { file: { name: 'x.xml', mimeType: 'text/xml', buffer: readFileSync(bloggerFile) } },
    });
    expect(response.status()).toBe(403);
    await context.close();
  });
});
