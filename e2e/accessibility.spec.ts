import { expect, test } from '@playwright/test';
import { seriousViolations } from './support/axe';

const pages = [
  '/',
  '/posts/a-field-guide-to-markdown',
  '/posts/how-comments-should-work',
  '/labels/writing',
  '/search?q=garden',
  '/archive',
];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });
    for (const path of pages) {
      test(`${path} has no serious or critical accessibility violations`, async ({ page }) => {
        await page.goto(path);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }
  });
}

test('pages have landmarks, one h1 and a skip link', async ({ page }) => {
  await page.goto('/posts/how-comments-should-work');
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('contentinfo')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
});
