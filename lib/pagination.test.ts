import { describe, expect, it } from 'vitest';
import { parsePageNumber } from './pagination';

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
