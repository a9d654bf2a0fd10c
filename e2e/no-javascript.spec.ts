import { expect, test } from '@playwright/test';
import { BlogPage } from './support/blog';

test.use({ javaScriptEnabled: false });

test('a reader without JavaScript can browse, paginate, read comments and search', async ({ page }) => {
  const blog = new BlogPage(page);
  await page.goto('/');
  expect(await blog.postTitles()).toHaveLength(10);
  await page.getByRole('link', { name: 'Older posts' }).click();
  await expect(page).toHaveURL(/\/page\/2$/);
  await page.getByRole('link', { name: 'Hello, world' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, world');

  await page.goto('/posts/how-comments-should-work');
  // The header's way in is plain HTML, back to this page.
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toHaveAttribute(
    'href',
    `/signin?returnTo=${encodeURIComponent('/posts/how-comments-should-work')}`,
  );
  await expect(blog.comments()).toHaveCount(5);
  await expect(blog.popularPosts()).toHaveCount(5);

  await page.getByRole('link', { name: 'Archive' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Archive');

  await page.getByRole('searchbox', { name: 'Search posts' }).fill('heron');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('main').getByRole('link', { name: 'Walking the old canal path' })).toBeVisible();
});
