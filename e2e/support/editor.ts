import { expect, type Page } from '@playwright/test';
import { demoPassword, signIn } from './accounts';

let counter = 0;

/** A title no other test uses, so parallel tests never see each other's posts. */
export function uniqueTitle(prefix: string): string {
  counter++;
  return `${prefix} ${Date.now().toString(36)}${process.pid}${counter}`;
}

export async function signInAs(page: Page, role: 'admin' | 'author' | 'moderator' | 'reader', returnTo = '/dashboard') {
  const { email, password } = demoPassword(role);
  await signIn(page, email, password, returnTo);
  await expect(page).not.toHaveURL(/\/signin/);
}

/** The editor's save status line. */
export function saveStatus(page: Page) {
  return page.locator('[data-save-state]');
}

export async function expectSaved(page: Page) {
  await expect(saveStatus(page)).toHaveText(/^Saved/, { timeout: 15_000 });
}

/** The rich-text area of the editor. */
export function editorBody(page: Page) {
  return page.getByRole('textbox', { name: 'Post body' });
}

/** From the dashboard: "New post", a title, and a body typed as a person would; waits for the autosave. */
export async function createPost(page: Page, title: string, body = 'A first paragraph.'): Promise<number> {
  await page.goto('/dashboard');
  await page.getByRole('button', { name: 'New post' }).click();
  await expect(page).toHaveURL(/\/dashboard\/posts\/\d+$/);
  await page.getByRole('textbox', { name: 'Title', exact: true }).fill(title);
  await editorBody(page).click();
  await page.keyboard.type(body);
  await expectSaved(page);
  return Number(page.url().split('/').pop());
}

/** The slug the title gives (what the editor shows as the post's address). */
export function slugOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
