import { describe, expect, it } from 'vitest';
import {
  canDeleteComment,
  canEditComment,
  commentLimitMessage,
  commentSchema,
  COMMENT_MAX_LENGTH,
} from './comment-policy';

describe('commentSchema', () => {
  it('accepts a comment and a reply', () => {
    expect(commentSchema.parse({ postId: '3', parentId: '', body: ' Hi \r\n' })).toEqual({
      postId: 3,
      parentId: null,
      body: 'Hi',
    });
    expect(commentSchema.parse({ postId: '3', parentId: '7', body: 'Reply' }).parentId).toBe(7);
  });

  it.each([
    [{ postId: '3', body: '   ' }, 'Write something before posting.'],
    [{ postId: '3', body: 'x'.repeat(COMMENT_MAX_LENGTH + 1) }, 'Keep your comment under 5,000 characters.'],
  ])('refuses %#', (input, message) => {
    const result = commentSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it.each([
    { postId: 'abc', body: 'x' },
    { postId: '-1', body: 'x' },
    { postId: '1', parentId: 'x', body: 'x' },
  ])('refuses bad ids %#', (input) => {
    expect(commentSchema.safeParse(input).success).toBe(false);
  });
});

describe('commentLimitMessage', () => {
  it('allows ordinary commenting', () => {
    expect(commentLimitMessage({ lastMinute: 4, lastDay: 99, duplicate: false })).toBeNull();
  });

  it('refuses a sixth comment in a minute, a hundred-and-first in a day, and repeats', () => {
    expect(commentLimitMessage({ lastMinute: 5, lastDay: 5, duplicate: false })).toMatch(/Wait a minute/);
    expect(commentLimitMessage({ lastMinute: 0, lastDay: 100, duplicate: false })).toMatch(/daily limit/);
    expect(commentLimitMessage({ lastMinute: 0, lastDay: 0, duplicate: true })).toMatch(/same comment/);
  });

  it('holds accounts younger than a day to tighter limits', () => {
    expect(commentLimitMessage({ lastMinute: 2, lastDay: 2, duplicate: false })).toBeNull();
    expect(commentLimitMessage({ lastMinute: 2, lastDay: 2, duplicate: false, newAccount: true })).toMatch(
      /Wait a minute/,
    );
    expect(commentLimitMessage({ lastMinute: 0, lastDay: 10, duplicate: false, newAccount: true })).toMatch(
      /New accounts can post 10 comments/,
    );
  });
});

describe('canEditComment and canDeleteComment', () => {
  const posted = new Date('2026-11-26T12:00:00Z');
  const mine = { authorId: 'me', status: 'visible', createdAt: posted };
  const at = (minutes: number) => new Date(posted.getTime() + minutes * 60_000);

  it('lets the author edit for fifteen minutes, then not', () => {
    expect(canEditComment('me', mine, at(0))).toBe(true);
    expect(canEditComment('me', mine, at(14.9))).toBe(true);
    expect(canEditComment('me', mine, at(15))).toBe(false);
  });

  it('never lets anyone else, a visitor, or a removed comment be edited', () => {
    expect(canEditComment('you', mine, at(1))).toBe(false);
    expect(canEditComment(null, mine, at(1))).toBe(false);
    expect(canEditComment('me', { ...mine, status: 'removed' }, at(1))).toBe(false);
  });

  it('lets the author delete at any time, nobody else', () => {
    expect(canDeleteComment('me', mine)).toBe(true);
    expect(canDeleteComment('you', mine)).toBe(false);
    expect(canDeleteComment(null, mine)).toBe(false);
    expect(canDeleteComment('me', { ...mine, status: 'deleted' })).toBe(false);
  });
});
