import { describe, expect, it } from 'vitest';
import type { PostDocument } from '../validations/post';
import { parseLocalDraft, sameDocument } from './local-draft';

const document: PostDocument = {
  title: 'Half-typed ',
  markdown: 'Body',
  slug: '',
  excerpt: '',
  labels: ['One', 'Two'],
  coverImage: '',
  coverAlt: '',
  seoTitle: '',
  seoDescription: '',
  commentsOpen: true,
};

describe('the local backstop', () => {
  it('reads back a stored draft exactly as typed', () => {
    const raw = JSON.stringify({ document, baseVersion: 3, changedAt: '2026-11-27T10:00:00.000Z' });
    expect(parseLocalDraft(raw)).toEqual({ document, baseVersion: 3, changedAt: '2026-11-27T10:00:00.000Z' });
  });

  it('ignores missing, broken or foreign values instead of failing', () => {
    expect(parseLocalDraft(null)).toBeNull();
    expect(parseLocalDraft('{not json')).toBeNull();
    expect(parseLocalDraft(JSON.stringify({ document: { title: 1 }, baseVersion: 1, changedAt: 'x' }))).toBeNull();
    expect(
      parseLocalDraft(
        JSON.stringify({
          document: { ...document, coverImage: 'javascript:alert(1)' },
          baseVersion: 1,
          changedAt: '2026-11-27T10:00:00.000Z',
        }),
      ),
    ).toBeNull();
  });

  it('compares every field, label order and whitespace included', () => {
    expect(sameDocument(document, { ...document })).toBe(true);
    expect(sameDocument(document, { ...document, title: 'Half-typed' })).toBe(false);
    expect(sameDocument(document, { ...document, labels: ['Two', 'One'] })).toBe(false);
    expect(sameDocument(document, { ...document, commentsOpen: false })).toBe(false);
  });
});
