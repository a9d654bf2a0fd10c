import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each(['/', '/posts/hello-world#comments', '/search?q=a%20b', '/labels/x/page/2'])('keeps %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
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
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });
});
