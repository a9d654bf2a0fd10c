import { expect, test } from '@playwright/test';

// A query's first asking is the cached search shell with the results put into its HTML
// (app/search/answer): after the page's scripts run, the results must still be there, the title
// must still be the query's, and React must not have reported a hydration mismatch.
test('a first-asked search keeps its results, title and links once the page has hydrated', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // A tail of punctuation no other run sends: this is the query's first asking on this server.
  const tail = [...Date.now().toString(8)].map((digit) => '!?.,;:-~'[Number(digit)]).join('');
  const query = `garden ${tail}`;
  const response = await page.goto(`/search?${new URLSearchParams({ q: query })}`);
  expect(response?.headers()['x-nextjs-cache']).toBeUndefined();
  await page.waitForLoadState('networkidle');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Search results for “${query}”`);
  await expect(page.locator('#search-query')).toHaveValue(query);
  await expect(page.locator('.search-hits li').first()).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^Search: ${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · `));
  await expect(page).toHaveURL(/\/search\?q=garden/);
  expect(errors).toEqual([]);

  // The header hydrated: its links move through the client router, and the page is the archive.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Archive' }).click();
  await expect(page).toHaveURL(/\/archive$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
