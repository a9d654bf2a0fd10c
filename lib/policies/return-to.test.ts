import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each(['/', '/posts/hello-world#comments', '/search?q=a%20b', '/labels/x/page/2'])('keeps %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it('keeps a normalised path on this site', () => {
    expect(safeReturnTo('/posts/a/../b')).toBe('/posts/b');
    expect(safeReturnTo('/search/results/a%2Fb/1')).toBe('/search/results/a%2Fb/1');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    'javascript:alert(1)',
    'evil.example',
    '/\u0000x',
    '',
    undefined,
    ['/a', '/b'],
    '/' + 'a'.repeat(3000),
    // Tricks that only become another host once the path is normalised or decoded.
    '/.//evil.example',
    '/..//evil.example',
    '/./\\evil.example',
    '/a/../..//evil.example',
    '/%2F%2Fevil.example',
    '/%2f/evil.example',
    '/%5Cevil.example',
    '/%2e%2e//evil.example',
    '/\tevil',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n//evil.example',
    '/\u007f',
    '/%E0%A4%A',
    'https:evil.example',
    'https:/evil.example',
    ' //evil.example',
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });
});
