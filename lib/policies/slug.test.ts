import { describe, expect, it } from 'vitest';
import { freeHandle, isSlug, labelFromName, slugFromParam, slugPattern, toSlug, uniqueSlug } from './slug';

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

  it('cuts a long title between words, never inside one', () => {
    const title = 'A Short History of the Gardening Clubs and Their Quarrels in Our Old Villages Since 2000';
    expect(toSlug(title)).toBe('a-short-history-of-the-gardening-clubs-and-their-quarrels-in-our-old-villages');
    expect(toSlug(`${'a'.repeat(79)} bb`)).toBe('a'.repeat(79));
  });

  it('cuts a first word longer than a slug mid-word, as it must', () => {
    expect(toSlug('x'.repeat(100))).toBe('x'.repeat(80));
  });

  it.each([
    ['Japanese', '日本語の文章を書く', 'ri-ben-yu-no-wen-zhang-o-shu-ku'],
    ['Japanese with katakana', '東京タワーに行きました', 'dong-jing-tawani-xing-kimashita'],
    ['Chinese', '中文标题：我们为什么写作', 'zhong-wen-biao-ti-wo-men-wei-shen-me-xie-zuo'],
    ['Korean', '한국어 제목입니다', 'hangugeo-jemogibnida'],
    ['Arabic', 'العربية لغة جميلة', 'lrbyh-lghh-jmylh'],
    ['Cyrillic', 'Привет, мир! Щука и ёж', 'privet-mir-shchuka-i-ezh'],
    ['Greek', 'Καλημέρα κόσμε', 'kalimera-kosme'],
    ['mixed with Latin', 'Next.js と React 入門', 'nextjs-to-react-ru-men'],
    ['an emoji between words', 'Hello😀World', 'hello-grinning-world'],
  ])('transliterates %s readably', (_script, title, expected) => {
    expect(toSlug(title)).toBe(expected);
    expect(toSlug(title)).toMatch(slugPattern);
  });

  it('keeps the letters of a word no transliteration can spell', () => {
    // U+20002 is a rare CJK Extension B ideograph with no reading in the transliteration tables.
    expect(toSlug('\u{20002}の話')).toBe('\u{20002}-no-hua');
    expect(isSlug(toSlug('\u{20002}の話'))).toBe(true);
  });

  it('gives every title in a long Japanese list its own slug instead of post, post-2…', () => {
    const titles = ['春の庭', '夏の庭', '秋の庭', '冬の庭'];
    expect(new Set(titles.map((title) => toSlug(title))).size).toBe(titles.length);
    expect(titles.map((title) => toSlug(title))).not.toContain('post');
  });
});

describe('uniqueSlug', () => {
  it('numbers a taken slug', async () => {
    const taken = new Set(['hello', 'hello-2']);
    expect(await uniqueSlug('Hello', async (slug) => taken.has(slug))).toBe('hello-3');
    expect(await uniqueSlug('Other', async (slug) => taken.has(slug))).toBe('other');
  });

  it('makes room for the number between words when the slug is already 80 characters long', async () => {
    const title = `${'a'.repeat(77)} bb`;
    const first = toSlug(title);
    expect(first).toHaveLength(80);
    const second = await uniqueSlug(title, async (slug) => slug === first);
    expect(second).toBe(`${'a'.repeat(77)}-2`);
    expect(second).toMatch(slugPattern);
  });
});

describe('freeHandle', () => {
  it('makes a handle from the name or the local part of an email, numbered when taken', async () => {
    const taken = new Set(['ada-lovelace', 'ada-lovelace-2']);
    expect(await freeHandle('Ada Lovelace', async (handle) => taken.has(handle))).toBe('ada-lovelace-3');
    expect(await freeHandle('ben.reader@example.com', async () => false)).toBe('benreader');
  });

  it('cuts a long name between words to 30 characters, never leaving a trailing hyphen', async () => {
    const handle = await freeHandle('Ada Lovelace Byron Countess X Lovelace', async () => false);
    expect(handle).toBe('ada-lovelace-byron-countess-x');
    expect(handle).toMatch(slugPattern);
  });
});

describe('labelFromName', () => {
  it('keeps the name as typed, trimmed, and slugs it', () => {
    expect(labelFromName('  Garden Notes ')).toEqual({ name: 'Garden Notes', slug: 'garden-notes' });
  });
});

describe('isSlug', () => {
  it('accepts slugs and refuses anything else before a lookup', () => {
    expect(isSlug('hello-world-2')).toBe(true);
    expect(isSlug('привет-мир')).toBe(true);
    for (const bad of ['', 'Hello', 'Привет', 'a--b', '-a', 'a-', 'a b', 'a/b', '%20', 'a.b', 'a'.repeat(101)]) {
      expect(isSlug(bad), bad).toBe(false);
    }
  });
});

describe('slugFromParam', () => {
  it('decodes the percent-encoded segment Next hands a page', () => {
    expect(slugFromParam('hello-world')).toBe('hello-world');
    expect(slugFromParam(encodeURIComponent('\u{20002}-no-hua'))).toBe('\u{20002}-no-hua');
  });

  it('refuses segments that are not slugs once decoded, and broken encodings', () => {
    for (const bad of ['a%2Fb', '%E0%A4%A', 'Hello', '%20', 'a%2D%2Db']) {
      expect(slugFromParam(bad), bad).toBeNull();
    }
  });
});
