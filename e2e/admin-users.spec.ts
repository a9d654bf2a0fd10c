import { expect, test } from '@playwright/test';
import { signInAs } from './support/editor';
import { sql } from './support/people';

// Read-only: it runs against the readers' server and the demo blog as seeded.
test('the admin users list shows each account’s real comment and post counts', async ({ page }) => {
  await signInAs(page, 'admin', '/');
  const expected = await sql<{ email: string; comments: number; posts: number }>(
    `select email,
            (select count(*) from comments where comments.author_id = users.id) as comments,
            (select count(*) from posts where posts.author_id = users.id) as posts
       from users where email in (?, ?, ?, ?)`,
    'admin@quire.test',
    'author@quire.test',
    'moderator@quire.test',
    'reader@quire.test',
  );
  expect(expected).toHaveLength(4);
  // The demo blog gives the author posts and the reader comments: a list of zeros cannot pass.
  expect(expected.find((row) => row.email === 'author@quire.test')!.posts).toBeGreaterThan(0);
  expect(expected.find((row) => row.email === 'reader@quire.test')!.comments).toBeGreaterThan(0);

  for (const { email, comments, posts } of expected) {
    // Searched for, since accounts signed up by other tests push the oldest off the first page.
    await page.goto(`/admin/users?${new URLSearchParams({ q: email })}`);
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: email });
    await expect(row.getByRole('cell').nth(2), email).toHaveText(`${comments} comments · ${posts} posts`);
  }
});
