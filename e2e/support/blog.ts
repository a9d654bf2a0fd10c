import { expect, type Locator, type Page } from '@playwright/test';

/** The public blog as a reader sees it. */
export class BlogPage {
  constructor(readonly page: Page) {}

  get main(): Locator {
    return this.page.getByRole('main');
  }

  /** Post titles listed on a listing page, in order. */
  postTitles(): Promise<string[]> {
    return this.main.locator('article h2 a').allTextContents();
  }

  popularPosts(): Locator {
    return this.page.getByRole('complementary').filter({ hasText: 'Popular posts' }).getByRole('listitem');
  }

  comments(): Locator {
    return this.page.locator('#comments article');
  }

  async metaContent(selector: string): Promise<string | null> {
    return this.page.locator(`head ${selector}`).first().getAttribute('content');
  }

  async expectStatus(path: string, status: number) {
    const response = await this.page.goto(path);
    expect(response?.status(), path).toBe(status);
  }
}
