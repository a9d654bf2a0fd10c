import { describe, expect, it } from 'vitest';
import { countWords, readingMinutes } from './reading-time';

describe('reading time', () => {
  it('counts words, not punctuation', () => {
    expect(countWords("It's a well-known fact — isn't it? 42 times.")).toBe(8);
    expect(countWords('   ')).toBe(0);
  });

  it('is at least one minute and rounds to the nearest minute', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes('word '.repeat(230))).toBe(1);
    expect(readingMinutes('word '.repeat(600))).toBe(3);
    expect(readingMinutes('słowo '.repeat(2300))).toBe(10);
  });
});
