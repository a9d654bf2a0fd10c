import { describe, expect, it } from 'vitest';
import { listHref, pagedHref, parsePageNumber } from './pagination';

describe('parsePageNumber', () => {
  it('reads whole positive numbers', () => {
    expect(parsePageNumber(undefined)).toBe(1);
    expect(parsePageNumber('1')).toBe(1);
    expect(parsePageNumber('42')).toBe(42);
  });

  it.each(['0', '-1', 'abc', '1e3', '01', '2.5', '', '9999999', ' 2'])('rejects %j', (value) => {
    expect(parsePageNumber(value)).toBeNull();
  });
});

describe('listHref', () => {
  it('leaves out empty values, page 1 and the defaults', () => {
    expect(listHref('/moderation', { tab: 'reported', q: '', page: 1 }, { tab: 'reported' })).toBe('/moderation');
    expect(listHref('/moderation', { tab: 'held', q: 'spam', page: 2, author: undefined }, { tab: 'reported' })).toBe(
      '/moderation?tab=held&q=spam&page=2',
    );
  });

  it('encodes what people typed', () => {
    expect(listHref('/admin/users', { q: 'a&b=c ü' })).toBe('/admin/users?q=a%26b%3Dc+%C3%BC');
  });
});

describe('pagedHref', () => {
  it('gives page 1 the listing itself and later pages a /page/N address', () => {
    expect(pagedHref('/')(1)).toBe('/');
    expect(pagedHref('/')(3)).toBe('/page/3');
    expect(pagedHref('/labels/café')(1)).toBe('/labels/café');
    expect(pagedHref('/labels/café')(2)).toBe('/labels/café/page/2');
  });
});
