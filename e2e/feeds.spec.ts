import { expect, test } from '@playwright/test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['item', 'entry', 'url', 'category'].includes(name),
});

async function fetchXml(request: import('@playwright/test').APIRequestContext, path: string) {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  const body = await response.text();
  expect(XMLValidator.validate(body), `${path} is well-formed XML`).toBe(true);
  return { body, xml: parser.parse(body), contentType: response.headers()['content-type'] };
}

test('the RSS feed has the newest published posts with full content', async ({ request, baseURL }) => {
  const { xml, contentType } = await fetchXml(request, '/feed.xml');
  expect(contentType).toContain('application/rss+xml');
  const channel = xml.rss.channel;
  expect(channel.title).toBe('The Quire Journal');
  const items = channel.item;
  expect(items).toHaveLength(12);
  expect(items[0].title).toBe('Why we write in public');
  expect(items[0].link).toBe(`${baseURL}/posts/why-we-write-in-public`);
  expect(items[0]['content:encoded']).toContain('<h2 id="the-notebook-that-answers-back">');
  const titles = items.map((item: { title: string }) => item.title);
  expect(titles).not.toContain('Unfinished thoughts on newsletters');
  expect(titles).not.toContain('Coming soon: the spring planting plan');
});

test('the Atom feed has the same posts', async ({ request, baseURL }) => {
  const { xml, contentType } = await fetchXml(request, '/atom.xml');
  expect(contentType).toContain('application/atom+xml');
  const entries = xml.feed.entry;
  expect(entries).toHaveLength(12);
  expect(entries[0].title['#text'] ?? entries[0].title).toBe('Why we write in public');
  const links = [entries[0].link].flat() as { '@_href': string }[];
  expect(links.map((link) => link['@_href'])).toContain(`${baseURL}/posts/why-we-write-in-public`);
});

test('RSS names each post’s author in dc:creator (RSS’s <author> is an email); Atom in author/name', async ({
  request,
  baseURL,
}) => {
  const { body, xml } = await fetchXml(request, '/feed.xml');
  expect(xml.rss['@_xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
  const [newest] = xml.rss.channel.item;
  expect(newest.title).toBe('Why we write in public');
  expect(newest['dc:creator']).toBe('Ada Marsh');
  expect(body).not.toContain('<author>');

  const atom = await fetchXml(request, '/atom.xml');
  const [entry] = atom.xml.feed.entry;
  expect(entry.author).toEqual({ name: 'Ada Marsh', uri: `${baseURL}/authors/ada-marsh` });
});

test('Atom marks titles and excerpts as plain text, and only the sanitised body as HTML', async ({ request }) => {
  const { xml } = await fetchXml(request, '/atom.xml');
  const [entry] = xml.feed.entry;
  expect(xml.feed.title['@_type']).toBe('text');
  expect(entry.title['@_type']).toBe('text');
  expect(entry.summary['@_type']).toBe('text');
  expect(entry.content['@_type']).toBe('html');
});

test('a label feed has only that label’s posts, and an unknown label is 404', async ({ request }) => {
  const { xml } = await fetchXml(request, '/labels/writing/feed.xml');
  const titles = xml.rss.channel.item.map((item: { title: string }) => item.title);
  expect(titles).toEqual(['Why we write in public', 'A field guide to Markdown', 'Slow mornings and the first draft']);
  expect((await request.get('/labels/nope/feed.xml')).status()).toBe(404);
});

test('the sitemap lists published posts, labels and authors, never drafts', async ({ request, baseURL }) => {
  const { xml } = await fetchXml(request, '/sitemap.xml');
  const locations: string[] = xml.urlset.url.map((url: { loc: string }) => url.loc);
  expect(locations).toContain(`${baseURL}/posts/hello-world`);
  expect(locations).toContain(`${baseURL}/labels/garden`);
  expect(locations).toContain(`${baseURL}/authors/jonah-reed`);
  expect(locations.filter((location) => location.includes('/posts/'))).toHaveLength(12);
  expect(locations).not.toContain(`${baseURL}/posts/unfinished-thoughts-on-newsletters`);
  expect(locations).not.toContain(`${baseURL}/posts/coming-soon-the-spring-planting-plan`);
  expect(locations).not.toContain(`${baseURL}/authors/sam-okafor`);
});

test('robots.txt names the sitemap', async ({ request, baseURL }) => {
  const response = await request.get('/robots.txt');
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
});

test('every page links its feeds', async ({ page, baseURL }) => {
  await page.goto('/archive');
  await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute(
    'href',
    `${baseURL}/feed.xml`,
  );
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute(
    'href',
    `${baseURL}/atom.xml`,
  );
});
