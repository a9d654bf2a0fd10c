import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { signedInContext, sql } from './support/people';

// Other reader-server tests open post pages (each a view) while these run: every comparison with
// the database is retried until both sides were read at the same moment.

const DAY_MS = 86_400_000;
const since = (days: number) => new Date(Date.now() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);

type Row = { title: string; views: number };

async function topPostsInDatabase(authorEmail: string | null, days: number): Promise<Row[]> {
  return sql<Row>(
    `select p.title, sum(v.views) as views
       from post_views v join posts p on p.id = v.post_id join users u on u.id = p.author_id
      where v.day >= ? and (cast(? as text) is null or u.email = ?)
      group by p.id order by views desc, p.id desc limit 10`,
    since(days),
    authorEmail,
    authorEmail,
  );
}

async function titlesBy(authorEmail: string): Promise<string[]> {
  return (
    await sql<{ title: string }>(
      'select p.title from posts p join users u on u.id = p.author_id where u.email = ?',
      authorEmail,
    )
  ).map((row) => row.title);
}

async function topPostsOnPage(page: Page): Promise<Row[]> {
  const rows = page.getByRole('table', { name: 'Top posts' }).locator('tbody tr');
  return (
    await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]),
    )
  ).map(([title, views]) => ({ title: title ?? '', views: Number(views) }));
}

/** A day's count as the table beside a chart gives it, and as the chart's bar carries it. */
async function dayCount(page: Page, chart: string, day: string) {
  const table = page.getByRole('region', { name: `${chart}, day by day` });
  const cell = table
    .getByRole('row')
    .filter({ has: page.locator(`time[datetime="${day}"]`) })
    .getByRole('cell');
  const bar = page.locator(
    `svg[data-chart="${chart.toLowerCase().replace(/[^a-z0-9]+/g, '-')}"] rect[data-day="${day}"]`,
  );
  return { table: Number(await cell.textContent()), bar: Number(await bar.getAttribute('data-count')) };
}

test('an author sees their own posts’ stats, matching the database, and not another author’s post', async ({
  browser,
}) => {
  const { page, context } = await signedInContext(browser, 'author');
  await page.goto('/dashboard');
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Stats' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stats: Your posts');

  const own = new Set(await titlesBy('author@quire.test'));
  await expect(async () => {
    await page.reload();
    const shown = await topPostsOnPage(page);
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) expect(own, row.title).toContain(row.title);
    expect(shown).toEqual(await topPostsInDatabase('author@quire.test', 30));
  }).toPass({ timeout: 20_000 });

  // The 7-day window, by its link; the chart and its table agree with post_views for a day.
  await page.getByRole('navigation', { name: 'Period' }).getByRole('link', { name: '7 days' }).click();
  await expect(page).toHaveURL(/range=7/);
  await expect(page.getByRole('region', { name: 'Views per day, day by day' }).getByRole('row')).toHaveCount(8);
  const [dayTotal] = await sql<{ total: number }>(
    `select coalesce(sum(v.views), 0) as total from post_views v join posts p on p.id = v.post_id
       join users u on u.id = p.author_id where u.email = 'author@quire.test' and v.day = ?`,
    since(3),
  );
  expect(await dayCount(page, 'Views per day', since(3))).toEqual({ table: dayTotal!.total, bar: dayTotal!.total });

  // Another author's post: refused on the server.
  const [adminPost] = await sql<{ id: number }>(
    "select p.id from posts p join users u on u.id = p.author_id where u.email = 'admin@quire.test' limit 1",
  );
  const refused = await page.goto(`/dashboard/stats?post=${adminPost!.id}`);
  expect(refused?.status()).toBe(403);
  await context.close();
});

test('an admin sees every author’s posts', async ({ browser }) => {
  const { page, context } = await signedInContext(browser, 'admin');
  await page.goto('/dashboard/stats?range=90');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stats: All posts');
  expect(await seriousViolations(page)).toEqual([]);
  await expect(async () => {
    await page.reload();
    expect(await topPostsOnPage(page)).toEqual(await topPostsInDatabase(null, 90));
  }).toPass({ timeout: 20_000 });
  const shown = new Set((await topPostsOnPage(page)).map((row) => row.title));
  const byAuthor = (await titlesBy('author@quire.test')).filter((title) => shown.has(title));
  const byAdmin = (await titlesBy('admin@quire.test')).filter((title) => shown.has(title));
  expect(byAuthor.length).toBeGreaterThan(0);
  expect(byAdmin.length).toBeGreaterThan(0);
  await context.close();
});

test('a view of a post shows up in its stats, reached from the dashboard list', async ({ browser }) => {
  const slug = 'slow-mornings-and-the-first-draft';
  const [post] = await sql<{ id: number; title: string }>('select id, title from posts where slug = ?', slug);
  const { page, context } = await signedInContext(browser, 'author');
  await page.goto(`/dashboard?q=${encodeURIComponent('Slow mornings')}`);
  await page.getByRole('link', { name: `stats for “${post!.title}”` }).click();
  await expect(page).toHaveURL(`/dashboard/stats?post=${post!.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Stats: “${post!.title}”`);
  const before = await dayCount(page, 'Views per day', today());
  expect(before.bar).toBe(before.table);

  // A visitor reads the post: the page's counting image records the view.
  const visitor = await browser.newPage();
  await visitor.goto(`/posts/${slug}`);
  await expect(async () => {
    await page.reload();
    const after = await dayCount(page, 'Views per day', today());
    expect(after.table).toBeGreaterThan(before.table);
    expect(after.bar).toBe(after.table);
    const [stored] = await sql<{ views: number }>(
      'select coalesce(sum(views), 0) as views from post_views where post_id = ? and day = ?',
      post!.id,
      today(),
    );
    expect(after.table).toBe(stored!.views);
  }).toPass({ timeout: 20_000 });
  await visitor.close();
  await context.close();
});

test('a junk range is the 30-day window, and a visitor is sent to sign in', async ({ browser, page }) => {
  const author = await signedInContext(browser, 'author');
  const response = await author.page.goto('/dashboard/stats?range=1000&post=abc');
  expect(response?.status()).toBe(200);
  await expect(author.page.getByRole('link', { name: '30 days' })).toHaveAttribute('aria-current', 'page');
  await expect(author.page.getByRole('region', { name: 'Views per day, day by day' }).getByRole('row')).toHaveCount(31);
  await author.context.close();

  await page.goto('/dashboard/stats');
  await expect(page).toHaveURL(/\/signin\?returnTo=%2Fdashboard%2Fstats/);
});
