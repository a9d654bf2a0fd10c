import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('SEARCH_RATE_LIMIT', () => {
  it('is 60 searches a minute unless set, and 0 turns the limit off', () => {
    expect(parseEnv({}).SEARCH_RATE_LIMIT).toBe(60);
    expect(parseEnv({ SEARCH_RATE_LIMIT: '' }).SEARCH_RATE_LIMIT).toBe(60);
    expect(parseEnv({ SEARCH_RATE_LIMIT: ' 1000000 ' }).SEARCH_RATE_LIMIT).toBe(1_000_000);
    expect(parseEnv({ SEARCH_RATE_LIMIT: '0' }).SEARCH_RATE_LIMIT).toBe(0);
  });

  it('refuses anything but a whole number, with a sentence naming it', () => {
    for (const value of ['-1', '1.5', 'sixty', '1e3'])
      expect(() => parseEnv({ SEARCH_RATE_LIMIT: value }), value).toThrow(
        /SEARCH_RATE_LIMIT: SEARCH_RATE_LIMIT must be a whole number/,
      );
  });
});
