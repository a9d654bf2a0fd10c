import { describe, expect, it } from 'vitest';
import { isSlug, slugPattern, toSlug, uniqueSlug } from './slug';

describe('toSlug', () => {
  it.each([
    ['Hello, World!', 'hello-world'],
    ['  Spaces   everywhere  ', 'spaces-everywhere'],
    ['Crème brûlée & café', 'creme-brulee-and-cafe'],
    ['Ünïcödé', 'unicode'],
    ['<script>alert(1)</script>', 'lessscriptgreateralert1lessscriptgreater'],
    ['!!!', 'post'],
    ['', 'post'],
  ])('%j → %j', (input, expected) => {
    expect(toSlug(input)).toBe(expected);
    expect(toSlug(input)).toMatch(slugPattern);
  });

  it('keeps slugs to 80 characters without a trailing hyphen', () => {
    const slug = toSlug('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('uniqueSlug', () => {
  it('numbers a taken slug', () => {
    const taken = new Set(['hello', 'hello-2']);
    expect(uniqueSlug('Hello', (slug) => taken.has(slug))).toBe('hello-3');
    expect(uniqueSlug('Other', (slug) => taken.has(slug))).toBe('other');
  });
});

describe('isSlug', () => {
  it('accepts slugs and refuses anything else before a lookup', () => {
    expect(isSlug('hello-world-2')).toBe(true);
    for (const bad of ['', 'Hello', 'a--b', '-a', 'a-', 'a b', 'a/b', '%20', 'a'.repeat(101)]) {
      expect(isSlug(bad), bad).toBe(false);
    }
  });
});
