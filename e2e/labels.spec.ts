import { expect, test } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { sql } from './support/people';

test('the footer links to /labels, which lists each label with its published posts, linked', async ({ page }) => {
  const expected = await sql<{ name: string; slug: string; count: number }>(
    `select l.name, l.slug, count(*) as count
       from labels l join post_labels pl on pl.label_id = l.id join posts p on p.id = pl.post_id
      where p.status = 'published' group by l.id order by l.name`,
  );
  expect(expected.length).toBeGreaterThan(3);

  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Labels' }).click();
  await expect(page).toHaveURL(/\/labels$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Labels' })).toBeVisible();
  const items = page.getByRole('list', { name: 'Labels' }).getByRole('listitem');
  await expect(items).toHaveText(
    expected.map(({ name, count }) => `${name} (${count} ${count === 1 ? 'post' : 'posts'})`),
  );

  expect(await seriousViolations(page)).toEqual([]);

  const garden = expected.find((label) => label.slug === 'garden')!;
  await items.getByRole('link', { name: garden.name, exact: true }).click();
  await expect(page).toHaveURL(/\/labels\/garden$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Posts labelled “${garden.name}”`);
  // The scheduled Garden post is not counted, and the label page agrees.
  await expect(page.getByText(`${garden.count} ${garden.count === 1 ? 'post' : 'posts'} ·`)).toBeVisible();
});

test('the index has one address', async ({ request }) => {
  const response = await request.get('/label-index/all', { maxRedirects: 0 });
  expect(response.status()).toBe(308);
  expect(response.headers().location).toBe('/labels');
  expect((await request.get('/label-index/other')).status()).toBe(404);
});
