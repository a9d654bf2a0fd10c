import { expect, test } from '@playwright/test';

const badUrls = [
  '/posts/',
  '/posts/%00',
  '/posts/..%2F..%2Fetc%2Fpasswd',
  '/posts/%E0%A4%A',
  '/posts/' + 'a'.repeat(3000),
  '/posts/<script>alert(1)</script>',
  "/posts/' OR 1=1 --",
  '/posts/UPPER-case',
  '/page/99999999999999999999',
  '/page/%20',
  '/labels/%F0%9F%92%A9',
  '/labels/x/page/0',
  '/labels/x/feed.xml',
  '/archive/2026',
  '/archive/abcd/ef',
  '/archive/2026/11/extra',
  '/authors/%2e%2e',
  '/authors/x/page/abc',
  '/search?q=%22',
  '/search?q=' + encodeURIComponent('"unclosed NEAR( AND OR *'),
  '/search?q=a&page=-5',
  '/search?q[]=array&q=two',
  '/search?page=99999',
  '/api/views/abc',
  '/api/views/99999999999',
  '/api/views/0',
  '/feed.xml?page=2',
  '/nope/nope/nope',
];

test('bad URLs get a 4xx or a page, never a server error', async ({ request }) => {
  for (const url of badUrls) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBeLessThan(500);
    const body = await response.text();
    expect(body, url).not.toMatch(/at \w+ \(.*:\d+:\d+\)|node_modules/);
  }
});

test('the internal cache endpoint refuses callers without the local secret', async ({ request }) => {
  const response = await request.post('/api/internal/revalidate', {
    headers: { Authorization: 'Bearer wrong' },
    data: { tags: ['posts'] },
  });
  expect(response.status()).toBe(403);
});
