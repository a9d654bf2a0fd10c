import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { bloggerFixturePath, disqusFixturePath, wordpressFixturePath } from '../tests/fixtures';
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

/** The fixture read independently of Quire's importer, as the expectations' source. */
function wordpressItems(): Item[] {
  if (!existsSync(wordpressFile)) throw new Error(`The WordPress fixture is missing: ${wordpressFile}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (name) => ['item', 'category', 'wp:comment'].includes(name),
  });
  const channel = parser.parse(readFileSync(wordpressFile, 'utf8')).rss.channel;
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

const count = (table: string) => sql<{ n: number }>(`select count(*) as n from ${table}`)[0]!.n;

test.describe('importing a WordPress site', () => {
  const items = wordpressItems().filter((item) => item.type === 'post' || item.type === 'page');
  const published = items.filter((item) => item.status === 'publish' && !item.password);

  test('an admin imports the Theme Unit Test export from the dashboard, with progress and a report', async ({
    page,
  }) => {
    await signInAs(page, 'admin', '/dashboard/import');
    // One of the file's authors already reads this blog, under the same email.
    sql(
      "insert into users (id, handle, email, name, role) values ('reviewer-reader', 'reviewer', 'themereviewteam@gmail.com', 'Rev', 'reader')",
    );
    const postsBefore = count('posts');
    await importFile(page, wordpressFile);
    await expect(page.getByRole('heading', { name: /Import of themeunittestdata/ })).toBeVisible();
    const report = await expectReport(page);
    expect(report.posts).toBe(items.length);
    const expectedComments = items
      .flatMap((item) => item.comments)
      .filter((comment) => comment.approved !== 'spam' && comment.approved !== 'trash')
      .filter((comment) => comment.type !== 'pingback' && comment.type !== 'trackback').length;
    expect(report.comments).toBe(expectedComments);
    expect(count('posts')).toBe(postsBefore + items.length);
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
    await expect(pingbacks.getByText(/Comment \d+ on “Template: Pingbacks And Trackbacks”/).first()).toBeVisible();
  });

  test('every published post and page is at its new address, rendered clean', async ({ page }) => {
    test.setTimeout(180_000);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    for (const item of published) {
      const old = `/?${item.type === 'page' ? 'page_id' : 'p'}=${item.id}`;
      const response = await page.goto(old, { waitUntil: 'domcontentloaded' });
      expect(response?.status(), `${old} “${item.title}”`).toBe(200);
      expect(page.url(), old).toMatch(/\/posts\/[a-z0-9-]+$/);
      if (plain(item.title)) await expect(page.locator('#post-title')).toHaveText(plain(item.title));
      const article = page.locator('main').first();
      const problems = await article.evaluate((element) => {
        const copy = element.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('pre, code').forEach((code) => code.remove());
        const text = copy.textContent ?? '';
        const found: string[] = [];
        if (/\[\/?(caption|gallery|audio|video|embed|playlist)\b/.test(text)) found.push('raw shortcode');
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
  });

  test('comments appear threaded with the right counts; held ones stay hidden', async ({ page }) => {
    const template = items.find((item) => item.title === 'Template: Comments')!;
    const approved = template.comments.filter((comment) => comment.approved === '1');
    await page.goto(`/?p=${template.id}`);
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
    // The comment waiting for approval in WordPress is not shown.
    const held = template.comments.find((comment) => comment.approved === '0');
    if (held) await expect(thread).not.toContainText(plain(held.content));
  });

  test('scheduled and draft posts are not public', async ({ page }) => {
    const hidden = items.filter((item) => item.status === 'future' || item.status === 'draft' || item.password);
    expect(hidden.length).toBeGreaterThanOrEqual(3);
    for (const item of hidden) {
      const response = await page.goto(`/?p=${item.id}`);
      expect(response?.status(), item.title).toBe(404);
    }
  });

  test('labels match the categories and tags, and old permalinks redirect', async ({ page }) => {
    const manyTags = items.find((item) => item.title === 'Edge Case: Many Tags')!;
    await page.goto(`/?p=${manyTags.id}`);
    const labels = (await page.getByRole('list', { name: 'Labels' }).getByRole('link').allTextContents()).map((name) =>
      name.toLowerCase(),
    );
    expect(labels.length).toBeGreaterThan(20);
    for (const name of manyTags.labels) expect(labels, name).toContain(plain(name).toLowerCase());

    const formatting = items.find((item) => item.title === 'Markup: HTML Tags and Formatting')!;
    const response = await page.goto(new URL(formatting.link).pathname);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/posts\/markup-html-tags-and-formatting$/);
    const redirect = await page.request.get(new URL(formatting.link).pathname.replace(/\/$/, ''), { maxRedirects: 0 });
    expect(redirect.status()).toBe(308);
  });

  test('importing the same file again creates nothing twice', async ({ page }) => {
    await signInAs(page, 'admin', '/dashboard/import');
    const before = ['posts', 'comments', 'users', 'labels', 'post_redirects'].map(count);
    await importFile(page, wordpressFile);
    const report = await expectReport(page);
    expect(report).toMatchObject({ posts: 0, comments: 0, users: 0, redirects: 0 });
    expect(['posts', 'comments', 'users', 'labels', 'post_redirects'].map(count)).toEqual(before);
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

test.describe('copying images', () => {
  let server: Server;
  let origin = '';
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
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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
});

test.describe('bad files and who may import', () => {
  test('a file that is not an export, or a hostile one, is refused with a sentence', async ({ page }) => {
    await signInAs(page, 'admin', '/dashboard/import');
    const postsBefore = count('posts');
    await importFile(page, { name: 'notes.xml', mimeType: 'text/plain', buffer: Buffer.from('just some notes') });
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/not XML/);
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><title>&lol2;</title></channel></rss>`;
    await importFile(page, { name: 'laughs.xml', mimeType: 'text/xml', buffer: Buffer.from(laughs) });
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/DOCTYPE or XML entities/);
    await importFile(page, { name: 'page.xml', mimeType: 'text/xml', buffer: Buffer.from('<html><body/></html>') });
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/root element is <html>/);
    expect(count('posts')).toBe(postsBefore);
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
