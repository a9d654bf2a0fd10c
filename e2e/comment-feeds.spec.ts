import { expect, test, type APIRequestContext } from '@playwright/test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { postComment, removeFromPostPage, signedInContext } from './support/people';

// A post no other reader-server test counts comments on.
const slug = 'the-case-for-plain-html-forms';
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' });

let counter = 0;
const unique = (text: string) => `${text} ${Date.now().toString(36)}${++counter}`;

type FeedItem = { title: string; link: string; description?: string; 'dc:creator': string };

async function feedItems(request: APIRequestContext, path: string): Promise<FeedItem[]> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  expect(response.headers()['content-type']).toContain('application/rss+xml');
  const body = await response.text();
  expect(XMLValidator.validate(body), `${path} is well-formed XML`).toBe(true);
  return parser.parse(body).rss.channel.item ?? [];
}

const bodies = (items: FeedItem[]) => items.map((item) => item.description ?? '').join('\n');

test('the home page and a post page link their comment feeds', async ({ page, baseURL }) => {
  await page.goto('/');
  await expect(page.locator('link[rel="alternate"][title="Comments"]')).toHaveAttribute(
    'href',
    `${baseURL}/comments/feed.xml`,
  );
  await page.goto(`/posts/${slug}`);
  await expect(
    page.locator(
      `link[rel="alternate"][type="application/rss+xml"][href="${baseURL}/posts/${slug}/comments/feed.xml"]`,
    ),
  ).toHaveCount(1);
});

test('a new comment is in both feeds at once; removed by a moderator, it is gone; a held one never appears', async ({
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // Read both feeds first, so what follows must replace cached copies.
  await feedItems(request, '/comments/feed.xml');
  await feedItems(request, `/posts/${slug}/comments/feed.xml`);

  const writer = await signedInContext(browser, 'new-reader');
  const text = unique('A comment for the feed');
  const id = await postComment(writer.page, slug, text);
  // Three links are more than the default rules allow: this one waits for a moderator.
  const heldText = unique('Held for its links');
  const heldId = await postComment(
    writer.page,
    slug,
    `${heldText} [a](https://a.example/) [b](https://b.example/) [c](https://c.example/)`,
  );
  await expect(writer.page.locator(`#comment-${heldId}`)).toContainText('Awaiting approval');

  for (const path of ['/comments/feed.xml', `/posts/${slug}/comments/feed.xml`]) {
    const items = await feedItems(request, path);
    const item = items.find((candidate) => candidate.link === `${baseURL}/comments/${id}`);
    expect(item, `${path} has comment ${id}`).toBeDefined();
    expect(item!.description).toContain(text);
    expect(item!.title).toBe(`${writer.account!.name} on “The case for plain HTML forms”`);
    expect(item!['dc:creator']).toBe(writer.account!.name);
    expect(bodies(items)).not.toContain(heldText);
  }
  // An edit changes no comment count: the site-wide feed still shows the new words (it carries the
  // tag of each post it quotes).
  const edited = unique('An edited comment for the feed');
  await writer.page.goto(`/posts/${slug}#comment-${id}`);
  const own = writer.page.locator(`#comment-${id}`);
  await own.getByRole('link', { name: 'Edit' }).click();
  await own.getByRole('textbox', { name: 'Edit your comment' }).fill(edited);
  await own.getByRole('button', { name: 'Save changes' }).click();
  await expect(writer.page.locator(`#comment-${id}`)).toContainText(edited);
  for (const path of ['/comments/feed.xml', `/posts/${slug}/comments/feed.xml`]) {
    const items = await feedItems(request, path);
    expect(items.find((candidate) => candidate.link === `${baseURL}/comments/${id}`)?.description, path).toContain(
      edited,
    );
  }

  // Its link is the comment's permalink, which opens the post at the comment.
  await writer.page.goto(`/comments/${id}`);
  await expect(writer.page.locator(`#comment-${id}`)).toContainText(edited);

  const moderator = await signedInContext(browser, 'moderator');
  await removeFromPostPage(moderator.page, slug, id);

  for (const path of ['/comments/feed.xml', `/posts/${slug}/comments/feed.xml`]) {
    const items = await feedItems(request, path);
    expect(bodies(items), path).not.toContain(edited);
    expect(bodies(items), path).not.toContain(heldText);
  }
  await writer.context.close();
  await moderator.context.close();
});

test('a post that is not published has no comments feed', async ({ request }) => {
  for (const path of [
    '/posts/unfinished-thoughts-on-newsletters/comments/feed.xml',
    '/posts/coming-soon-the-spring-planting-plan/comments/feed.xml',
    '/posts/no-such-post/comments/feed.xml',
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).toBe('There is no published post at that address.');
  }
});
