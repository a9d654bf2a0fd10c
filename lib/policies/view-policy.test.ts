import { describe, expect, it } from 'vitest';
import { isCountableView } from './view-policy';

const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

describe('isCountableView', () => {
  it('counts a browser', () => {
    expect(isCountableView(new Headers({ 'user-agent': browser }))).toBe(true);
  });

  it.each([
    'Googlebot/2.1 (+http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    'curl/8.5.0',
    'python-requests/2.31',
  ])('ignores %s', (userAgent) => {
    expect(isCountableView(new Headers({ 'user-agent': userAgent }))).toBe(false);
  });

  it('ignores requests without a user agent', () => {
    expect(isCountableView(new Headers())).toBe(false);
  });

  it.each([
    ['sec-purpose', 'prefetch'],
    ['sec-purpose', 'prefetch;prerender'],
    ['purpose', 'prefetch'],
    ['x-moz', 'prefetch'],
    ['next-router-prefetch', '1'],
  ])('ignores prefetches (%s: %s)', (name, value) => {
    expect(isCountableView(new Headers({ 'user-agent': browser, [name]: value }))).toBe(false);
  });
});
