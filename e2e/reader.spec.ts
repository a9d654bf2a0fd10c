import { expect, test } from '@playwright/test';
import { BlogPage } from './support/blog';
import { sql } from './support/people';

test.describe('home page', () => {
  test('lists the newest posts ten a page, with Newer and Older links', async ({ page }) => {
    const blog = new BlogPage(page);
    // The demo post has three comments; the comment tests may have added theirs on the same server.
    const [counted] = await sql<{ shown: number }>(
      `select count(*) as shown from comments c join posts p on p.id = c.post_id
        where p.slug = 'why-we-write-in-public' and c.status = 'visible'`,
    );
    const shown = counted!.shown;
    expect(shown).toBeGreaterThanOrEqual(3);
    await page.goto('/');
    await expect(page).toHaveTitle('The Quire Journal');
    const first = await blog.postTitles();
    expect(first).toHaveLength(10);
    expect(first[0]).toBe('Why we write in public');
    const card = blog.main.locator('article').first();
    await expect(card.getByRole('link', { name: 'Ada Marsh' })).toHaveAttribute('href', '/authors/ada-marsh');
    await expect(card.getByRole('link', { name: /^\d+ comments$/ })).toHaveText(
      new RegExp(`^(${shown}|${shown + 1}|${shown + 2}) comments$`),
    );
    await expect(card.getByText('1 min read')).toBeVisible();
    await expect(card.getByRole('list', { name: 'Labels' }).getByRole('link', { name: 'Writing' })).toBeVisible();
    await expect(card.locator('img')).toHaveAttribute('src', '/covers/lamp.svg');

    await page.getByRole('link', { name: 'Older posts' }).click();
    await expect(page).toHaveURL(/\/page\/2$/);
    const second = await blog.postTitles();
    expect(second).toEqual(['Walking the old canal path', 'Hello, world']);
    expect(first).not.toContain(second[0]);

    await page.getByRole('link', { name: 'Newer posts' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('shows Popular posts ranked by views', async ({ page }) => {
    const blog = new BlogPage(page);
    await page.goto('/');
    await expect(blog.popularPosts()).toHaveCount(5);
    await expect(blog.popularPosts().first().getByRole('link')).toHaveAttribute('href', /^\/posts\/[a-z0-9-]+$/);
  });

  test('sends /page/1 to / and refuses junk page numbers', async ({ page }) => {
    const blog = new BlogPage(page);
    const response = await page.goto('/page/1');
    expect(page.url()).toMatch(/\/$/);
    expect(response?.status()).toBe(200);
    for (const path of ['/page/0', '/page/abc', '/page/99', '/page/-1', '/page/1e3'])
      await blog.expectStatus(path, 404);
  });
});

test.describe('post page', () => {
  test('shows the article with its author, dates, labels, body, neighbours and comments', async ({ page }) => {
    const blog = new BlogPage(page);
    await page.goto('/posts/how-comments-should-work');
    await expect(page).toHaveTitle('How comments should work · The Quire Journal');
    const article = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 1 }) });
    await expect(article.getByRole('heading', { level: 1 })).toHaveText('How comments should work');
    await expect(article.getByRole('link', { name: 'Ada Marsh' })).toHaveAttribute('href', '/authors/ada-marsh');
    await expect(article.getByText(/Published \d+ \w+ \d{4}/)).toBeVisible();
    await expect(article.getByRole('link', { name: 'Community' })).toHaveAttribute('href', '/labels/community');
    await expect(article.getByRole('heading', { name: 'The three costs' })).toHaveAttribute('id', 'the-three-costs');
    await expect(article.locator('img').first()).toHaveAttribute(
      'alt',
      'Overlapping speech bubbles in blue and orange',
    );

    const more = page.getByRole('navigation', { name: 'More posts' });
    await expect(more.getByRole('link', { name: /Newer post/ })).toContainText('Slow mornings and the first draft');
    await expect(more.getByRole('link', { name: /Older post/ })).toContainText('Taking photographs for a blog');

    const comments = page.locator('section#comments');
    await expect(comments.getByRole('heading', { name: '5 comments' })).toBeVisible();
    await expect(blog.comments()).toHaveCount(5);
    // Threads: the reply sits inside its parent's list; the fourth level is folded and says whom it answers.
    const top = comments.locator('> ol > li').first();
    await expect(top.locator('article').first()).toContainText('first comment section I have ever');
    await expect(top.locator('#comment-7')).toContainText('in reply to Sam Okafor');
    await expect(comments.locator('> ol > li')).toHaveCount(2);

    await expect(blog.popularPosts()).toHaveCount(5);
  });

  test('shows an Updated date on an edited post', async ({ page }) => {
    await page.goto('/posts/backing-up-what-matters');
    await expect(page.getByText(/Updated \d+ \w+ \d{4}/)).toBeVisible();
  });

  test('has canonical, OpenGraph, Twitter and JSON-LD metadata with absolute URLs', async ({ page, baseURL }) => {
    const blog = new BlogPage(page);
    await page.goto('/posts/a-field-guide-to-markdown');
    const url = `${baseURL}/posts/a-field-guide-to-markdown`;
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', url);
    expect(await blog.metaContent('meta[property="og:url"]')).toBe(url);
    expect(await blog.metaContent('meta[property="og:type"]')).toBe('article');
    expect(await blog.metaContent('meta[property="og:image"]')).toBe(`${baseURL}/covers/field.svg`);
    expect(await blog.metaContent('meta[name="twitter:card"]')).toBe('summary_large_image');
    expect(await blog.metaContent('meta[name="description"]')).toContain('Markdown is the format');
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(jsonLd['@type']).toBe('BlogPosting');
    expect(jsonLd.headline).toBe('A field guide to Markdown');
    expect(jsonLd.url).toBe(url);
    expect(jsonLd.author.name).toBe('Jonah Reed');
  });

  test('drafts and scheduled posts are not public', async ({ page }) => {
    const blog = new BlogPage(page);
    await blog.expectStatus('/posts/unfinished-thoughts-on-newsletters', 404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await blog.expectStatus('/posts/coming-soon-the-spring-planting-plan', 404);
    await blog.expectStatus('/posts/no-such-post', 404);
    await blog.expectStatus('/no/such/page', 404);
    await expect(page.getByRole('link', { name: 'The Quire Journal' })).toBeVisible();
  });
});

test.describe('listing pages', () => {
  test('a label page lists only that label and links its feed', async ({ page }) => {
    const blog = new BlogPage(page);
    await page.goto('/');
    await page.getByRole('link', { name: 'Garden', exact: true }).first().click();
    await expect(page).toHaveURL(/\/labels\/garden$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Posts labelled “Garden”');
    expect(await blog.postTitles()).toEqual(['Notes on a small kitchen garden']);
    await expect(page.getByRole('link', { name: 'RSS feed for this label' })).toHaveAttribute(
      'href',
      '/labels/garden/feed.xml',
    );
    await blog.expectStatus('/labels/no-such-label', 404);
    await blog.expectStatus('/labels/garden/page/2', 404);
  });

  test('the archive lists months with counts and opens a month', async ({ page }) => {
    const blog = new BlogPage(page);
    await page.goto('/archive');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Archive');
    await expect(page.getByText('12 posts in all.')).toBeVisible();
    const month = page.getByRole('main').getByRole('listitem').first();
    const count = Number((await month.textContent())?.match(/\((\d+)\)/)?.[1]);
    await month.getByRole('link').click();
    await expect(page).toHaveURL(/\/archive\/\d{4}\/\d{2}$/);
    expect(await blog.postTitles()).toHaveLength(count);
    await blog.expectStatus('/archive/2026/13', 404);
    await blog.expectStatus('/archive/1999/01', 404);
  });

  test('an author page shows the bio and their posts', async ({ page }) => {
    const blog = new BlogPage(page);
    await page.goto('/posts/a-field-guide-to-markdown');
    await page.getByRole('main').getByRole('link', { name: 'Jonah Reed' }).first().click();
    await expect(page).toHaveURL(/\/authors\/jonah-reed$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jonah Reed');
    await expect(page.getByText('Writes about writing, photographs and long walks.')).toBeVisible();
    const titles = await blog.postTitles();
    expect(titles).toContain('A field guide to Markdown');
    expect(titles).not.toContain('Why we write in public');
    expect(titles).not.toContain('Unfinished thoughts on newsletters');
    await blog.expectStatus('/authors/nobody-here', 404);
  });

  test('search finds posts, ranks titles first and highlights matches', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('garden');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/search\?q=garden$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search results for “garden”');
    const results = page.getByRole('main').getByRole('listitem');
    await expect(results.first().getByRole('link')).toHaveText('Notes on a small kitchen garden');
    await expect(results.first().locator('mark').first()).toHaveText(/garden/i);
    // Each result quotes its own post: no two share a snippet.
    const snippets = await results.locator('p').allTextContents();
    expect(snippets.length).toBeGreaterThan(1);
    expect(new Set(snippets).size).toBe(snippets.length);
    await page.goto('/search?q=zzzznotaword');
    await expect(page.getByText('0 posts found.')).toBeVisible();
    await page.goto('/search?q=newsletters');
    await expect(page.getByText('0 posts found.')).toBeVisible();
  });

  test('search takes any text as a query, and an empty search shows the form', async ({ page }) => {
    for (const query of ['a/b', '100%', '../..', '<b>bold</b>', '日本']) {
      const response = await page.goto(`/search?${new URLSearchParams({ q: query })}`);
      expect(response?.status(), query).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Search results for “${query}”`);
      await expect(page.getByRole('searchbox', { name: 'Search posts' }).last()).toHaveValue(query);
    }
    await page.goto('/search?q=%20');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search');
    await expect(page.getByText('Type a word or two')).toBeVisible();
  });
});
