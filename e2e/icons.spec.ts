import { expect, test } from '@playwright/test';

// Browsers ask for /favicon.ico on their own, and iOS for the touch icon the page links; both must be
// real images, not the HTML of the 404 page.

test('/favicon.ico is an icon file', async ({ request }) => {
  const response = await request.get('/favicon.ico');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  const body = await response.body();
  // An ICO file starts with reserved 0, type 1 (icon) and its number of images.
  expect([...body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  expect(body.readUInt16LE(4)).toBeGreaterThanOrEqual(1);
});

test('the home page links an apple-touch-icon that is a 180×180 PNG', async ({ page, request }) => {
  await page.goto('/');
  const link = page.locator('head link[rel="apple-touch-icon"]');
  await expect(link).toHaveCount(1);
  const href = await link.getAttribute('href');
  expect(href).toBeTruthy();

  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/png');
  const body = await response.body();
  expect([...body.subarray(1, 4)]).toEqual([...Buffer.from('PNG')]);
  // The IHDR chunk holds the width and height, big-endian, at bytes 16 and 20.
  expect([body.readUInt32BE(16), body.readUInt32BE(20)]).toEqual([180, 180]);
});
