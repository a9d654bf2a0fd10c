import { describe, expect, it } from 'vitest';
import { cacheTags, isCacheTag } from './cache-tags';

describe('isCacheTag', () => {
  it('accepts the fixed tags and any post slug, Unicode letters included', () => {
    for (const tag of [
      cacheTags.site,
      cacheTags.postLists,
      cacheTags.commentCounts,
      cacheTags.allPosts,
      cacheTags.popular,
      cacheTags.menu,
    ]) {
      expect(isCacheTag(tag)).toBe(true);
    }
    expect(isCacheTag(cacheTags.post('a-field-guide-to-markdown'))).toBe(true);
    // A slug that kept letters no transliteration could spell (see lib/policies/slug.ts).
    expect(isCacheTag(cacheTags.post('𠀋𠀌-notes'))).toBe(true);
    expect(isCacheTag(cacheTags.viewers(42))).toBe(true);
  });

  it('refuses anything else', () => {
    for (const tag of [
      '',
      'post:',
      'post:Not A Slug',
      'post:../x',
      'posts ',
      'everything',
      `post:${'a'.repeat(101)}`,
      'viewers:',
      'viewers:0',
      'viewers:1e3',
      'viewers:12 ',
    ]) {
      expect(isCacheTag(tag), tag).toBe(false);
    }
  });
});
