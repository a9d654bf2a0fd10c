import { expect, test, type APIRequestContext } from '@playwright/test';
import { at, refreshCache } from './support/database';
import { sql } from './support/people';
import { signUp } from './support/accounts';
import { BlogPage } from './support/blog';

// These tests change shared data (views, a comment, a post body): run them one after another.
test.describe.configure({ mode: 'serial' });

const browserAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

async function postId(slug: string): Promise<number> {
  return (await sql<{ id: number }>('select id from posts where slug = ?', slug))[0]!.id;
}

async function views(id: number, sinceDays: number | null): Promise<number> {
  const since =
    sinceDays === null ? '0000-00-00' : new Date(Date.now() - (sinceDays - 1) * 86_400_000).toISOString().slice(0, 10);
  const [row] = await sql<{ total: number }>(
    'select coalesce(sum(views), 0) as total from post_views where post_id = ? and day >= ?',
    id,
    since,
  );
  return row!.total;
}

async function fifthPlaceViews(): Promise<number> {
  const since = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const rows = await sql<{ total: number }>(
    `select sum(v.views) as total from post_views v join posts p on p.id = v.post_id
      where v.day >= ? and p.status = 'published' group by v.post_id order by total desc limit 5`,
    since,
  );
  return rows[4]!.total;
}

async function sendViews(request: APIRequestContext, id: number, count: number, headers: Record<string, string> = {}) {
  for (let sent = 0; sent < count; sent += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - sent) }, () =>
        request.get(`/api/views/${id}`, { headers: { 'User-Agent': browserAgent, ...headers } }),
      ),
    );
  }
}

/** Views are written at most once a second, after a response: wait, then let one more view trigger the write. */
async function flushViews(request: APIRequestContext, id: number) {
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await sendViews(request, id, 1);
}

test('a page view is counted by the beacon, bots and prefetches are not', async ({ page, request }) => {
  const counted = await postId('taking-photographs-for-a-blog');
  const before = await views(counted, null);
  const beacon = page.waitForResponse((response) => response.url().endsWith(`/api/views/${counted}`));
  await page.goto('/posts/taking-photographs-for-a-blog');
  expect((await beacon).status()).toBe(200);

  await sendViews(request, counted, 10, { 'User-Agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
  await sendViews(request, counted, 10, { 'Sec-Purpose': 'prefetch' });
  await flushViews(request, await postId('hello-world'));
  await expect.poll(() => views(counted, null)).toBe(before + 1);
});

test('Popular posts changes on the next request once views change the ranking', async ({ page, request }) => {
  const blog = new BlogPage(page);
  const target = await postId('walking-the-old-canal-path');
  await page.goto('/');
  await expect(blog.popularPosts()).toHaveCount(5);
  await expect(blog.popularPosts().getByRole('link', { name: 'Walking the old canal path' })).toHaveCount(0);

  await sendViews(request, target, (await fifthPlaceViews()) - (await views(target, 30)) + 1);
  await flushViews(request, target);
  await expect
    .poll(
      async () => {
        await page.reload();
        return blog.popularPosts().getByRole('link').allTextContents();
      },
      { timeout: 5000 },
    )
    .toContain('Walking the old canal path');
  await page.goto('/posts/hello-world');
  await expect(blog.popularPosts().getByRole('link', { name: 'Walking the old canal path' })).toBeVisible();
});

test('a comment or an edit written to the database shows on the very next request after its tags are invalidated', async ({
  page,
  request,
}) => {
  // A post no other test comments on, so the counts below are this test's own.
  const slug = 'keyboard-shortcuts-worth-learning';
  const blog = new BlogPage(page);
  const card = () => page.getByRole('article').filter({ hasText: 'Keyboard shortcuts worth learning' });
  await page.goto(`/posts/${slug}`);
  await expect(page.getByRole('heading', { name: '0 comments' })).toBeVisible();
  await page.goto('/');
  await expect(card().getByRole('link', { name: '0 comments' })).toBeVisible();

  const id = await postId(slug);
  await sql(
    `insert into comments (post_id, author_name, body_markdown, body_html, status) values (?, 'Test Visitor', 'Fresh', '<p>Fresh from the test</p>', 'visible')`,
    id,
  );
  await sql(
    `update posts set body_html = '<p>Rewritten by the test.</p>', updated_at = ? where id = ?`,
    at(Date.now()),
    id,
  );
  await refreshCache(request, [`post:${slug}`, 'post-lists']);

  await page.goto(`/posts/${slug}`);
  await expect(page.getByRole('heading', { name: '1 comment' })).toBeVisible();
  await expect(blog.comments()).toContainText('Fresh from the test');
  await expect(page.getByText('Rewritten by the test.')).toBeVisible();
  await expect(page.getByText(/Updated \d+ \w+ \d{4}/)).toBeVisible();
  await page.goto('/');
  await expect(card().getByRole('link', { name: '1 comment', exact: true })).toBeVisible();
});

test('a comment posted through the form shows its count at once on every listing that shows counts', async ({
  page,
}) => {
  // Comments invalidate `comment-counts`, not `post-lists` (lib/policies/cache-tags.ts): each listing with
  // "N comments" links must carry that tag, or it would keep the old count here.
  const slug = 'keyboard-shortcuts-worth-learning';
  const [{ label, handle, published }] = (await sql<{ label: string; handle: string; published: number }>(
    `select (select l.slug from post_labels pl join labels l on l.id = pl.label_id where pl.post_id = p.id limit 1) as label,
            u.handle, p.published_at as published
       from posts p join users u on u.id = p.author_id where p.slug = ?`,
    slug,
  )) as [{ label: string; handle: string; published: number }];
  const month = new Date(published);
  const listings = [
    '/',
    `/labels/${label}`,
    `/authors/${handle}`,
    `/archive/${month.getUTCFullYear()}/${String(month.getUTCMonth() + 1).padStart(2, '0')}`,
  ];
  const card = () => page.getByRole('article').filter({ hasText: 'Keyboard shortcuts worth learning' });
  const countOn = async (path: string) => {
    await page.goto(path);
    const text = await card()
      .getByRole('link', { name: /^\d+ comments?$/ })
      .textContent();
    return Number(text!.split(' ')[0]);
  };
  // Each listing rendered (and cached) before the comment.
  const before = await countOn(listings[0]!);
  for (const path of listings) expect(await countOn(path), path).toBe(before);

  await signUp(page, `/posts/${slug}`);
  await page.getByRole('textbox', { name: 'Add a comment' }).fill(`Counted everywhere ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);

  for (const path of listings) expect(await countOn(path), path).toBe(before + 1);
});
