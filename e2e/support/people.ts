import { expect, type Browser, type Page } from '@playwright/test';
import { newReader, type Account } from './accounts';
import { openTestDatabase } from './database';
import { signInAs } from './editor';

export type Who = 'reader' | 'moderator' | 'admin' | 'author' | 'other-author' | 'new-reader' | 'visitor';

/** A fresh browser context signed in as a demo role, a new account (reader, or promoted to author), or nobody. */
export async function signedInContext(browser: Browser, who: Who) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let account: Account | null = null;
  if (who === 'other-author' || who === 'new-reader') {
    account = await newReader(page);
    if (who === 'other-author') {
      await sql("update users set role = 'author' where email = ?", account.email);
    }
  } else if (who !== 'visitor') {
    await signInAs(page, who, '/');
  }
  return { context, page, account };
}

/** Posts a comment (or a reply to `parentId`) through the form on the post page; returns its id. */
export async function postComment(page: Page, slug: string, text: string, parentId?: number): Promise<number> {
  if (parentId) {
    await page.goto(`/posts/${slug}?reply=${parentId}#comment-${parentId}`);
    await page.getByRole('textbox', { name: 'Your reply' }).fill(text);
    await page.getByRole('button', { name: 'Post reply' }).click();
  } else {
    await page.goto(`/posts/${slug}`);
    await page.getByRole('textbox', { name: 'Add a comment' }).fill(text);
    await page.getByRole('button', { name: 'Post comment' }).click();
  }
  // A reply's form is opened at `#comment-<parent>`: wait for the address of the new comment.
  await expect(page).toHaveURL(parentId ? new RegExp(`#comment-(?!${parentId}$)\\d+$`) : /#comment-\d+$/);
  return Number(page.url().split('#comment-')[1]);
}

/** Runs SQL against the test server's database (for setting up a state, never for asserting the UI). */
export async function sql<T = unknown>(statement: string, ...params: unknown[]): Promise<T[]> {
  const db = openTestDatabase();
  try {
    return await db.all<T>(statement, ...params);
  } finally {
    await db.close();
  }
}

/** Removes a comment from its post page as a moderator would, with the reason "Off-topic". */
export async function removeFromPostPage(page: Page, slug: string, id: number): Promise<void> {
  await page.goto(`/posts/${slug}#comment-${id}`);
  const comment = page.locator(`#comment-${id}`);
  await comment.getByRole('link', { name: 'Remove' }).click();
  await comment.getByRole('combobox', { name: 'Reason' }).selectOption('Off-topic');
  await comment.getByRole('button', { name: 'Remove comment' }).click();
  await expect(page.getByRole('status')).toContainText('Removed 1 comment.');
}
