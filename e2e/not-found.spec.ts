import { expect, test, type Page } from '@playwright/test';
import { newReader } from './support/accounts';

// Next sends a page that calls notFound() (or forbidden()) as an empty shell that only JavaScript
// draws; the front door (scripts/front-door.mjs) puts the page's markup into it.

// With a query string the page is not kept by the front cache, and Next compresses it.
const missing = ['/no/such/page', '/posts/no-such-post', '/posts/no-such-post?from=feed'];

/** The 404 page's own look: app/not-found.tsx's heading is text-4xl (36px) only with the stylesheet. */
const headingSize = (page: Page) =>
  page.getByRole('heading', { name: 'Page not found' }).evaluate((heading) => getComputedStyle(heading).fontSize);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a missing address or post says so inside the site, with status 404 and noindex', async ({ page }) => {
    for (const path of missing) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      // The configured title, from the database (the prerendered 404 page would say "Quire").
      await expect(page.getByRole('banner').getByRole('link', { name: 'The Quire Journal' })).toBeVisible();
      await expect(page).toHaveTitle('The Quire Journal');
      await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
      await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toHaveAttribute(
        'href',
        `/signin?returnTo=${encodeURIComponent(path.split('?')[0]!)}`,
      );
      expect(await headingSize(page)).toBe('36px');
    }

    const main = page.getByRole('main');
    await main.getByRole('link', { name: 'Browse the archive' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Archive');
    await page.goto('/no/such/page');
    await main.getByRole('link', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/search$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search');
    await page.goto('/no/such/page');
    await main.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toHaveCount(0);
  });

  test('a reader opening the dashboard reads the 403 page', async ({ browser }) => {
    // Signed in with JavaScript, then reading without it.
    const withScripts = await browser.newContext();
    await newReader(await withScripts.newPage());
    const context = await browser.newContext({
      javaScriptEnabled: false,
      storageState: await withScripts.storageState(),
    });
    await withScripts.close();
    const page = await context.newPage();
    const response = await page.goto('/dashboard');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'You can’t open this page' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('link', { name: 'The Quire Journal' })).toBeVisible();
    await context.close();
  });
});

test('with JavaScript the 404 page is drawn once, without errors, and links navigate in place', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Chromium reports the document's own 404 as a failed resource; anything else is a fault.
    if (message.type() === 'error' && !/status of 404/.test(message.text())) errors.push(message.text());
  });
  for (const path of missing) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    // React has drawn the document: it replaces the shell's <html id="__next_error__"> attributes.
    await expect(page.locator('html')).not.toHaveAttribute('id', '__next_error__');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toHaveCount(1);
    await expect(page.getByText('There is nothing at this address.')).toHaveCount(1);
    await expect(page.getByRole('banner')).toHaveCount(1);
    await expect(page.getByRole('contentinfo')).toHaveCount(1);
    expect(await headingSize(page)).toBe('36px');
  }
  // A client-side navigation: the window (and this mark on it) stays.
  await page.evaluate(() => Object.assign(window, { stayedHere: true }));
  await page.getByRole('main').getByRole('link', { name: 'Browse the archive' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Archive');
  expect(await page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).toBe(true);
  expect(errors).toEqual([]);
});

test('a signed-in reader with JavaScript sees their own name on the 404 page', async ({ page }) => {
  const reader = await newReader(page);
  expect((await page.goto('/posts/no-such-post'))?.status()).toBe(404);
  await expect(page.getByRole('banner').getByRole('link', { name: reader.name })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toHaveCount(0);
});
