import { expect, test } from '@playwright/test';

test('a query asked once is rendered for it alone; asked again it comes from the page cache, the same results', async ({
  request,
}) => {
  // Punctuation is no part of the search but is part of the query: "garden" plus a tail no other spec
  // or run sends, so this is the query's first asking on this server, with garden's results.
  const tail = [...Date.now().toString(8)].map((digit) => '!?.,;:-~'[Number(digit)]).join('');
  const path = `/search?${new URLSearchParams({ q: `garden ${tail}` })}`;
  const titles = (html: string) =>
    [...html.matchAll(/<h2 class="post-card-title"><a href="([^"]+)"/g)].map((m) => m[1]);

  const first = await request.get(path);
  expect(first.status()).toBe(200);
  // Rendered per request: not a page of Next's cache, so no cache status at all.
  expect(first.headers()['x-nextjs-cache']).toBeUndefined();
  const firstHtml = await first.text();
  expect(titles(firstHtml).length).toBeGreaterThan(0);

  const second = await request.get(path);
  expect(second.headers()['x-nextjs-cache']).toMatch(/^(MISS|HIT)$/);
  const third = await request.get(path);
  expect(third.headers()['x-nextjs-cache']).toBe('HIT');
  const thirdHtml = await third.text();
  expect(titles(thirdHtml)).toEqual(titles(firstHtml));
});
