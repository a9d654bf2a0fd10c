import { describe, expect, it } from 'vitest';
import { COMMENT_EMAIL_WINDOW_MS, planCommentEmails, type CommentEmailInput } from './comment-emails';

const now = new Date('2026-12-01T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const person = (userId: string, email: string | null = `${userId}@quire.test`) => ({ userId, email });

function plan(input: Partial<CommentEmailInput>) {
  return planCommentEmails({
    commenterId: 'carol',
    repliedTo: null,
    followers: [],
    postAuthor: null,
    lastEmailed: new Map(),
    now,
    ...input,
  });
}

describe('who is emailed about a new comment', () => {
  it('emails followers and the post’s author, never the commenter about their own comment', () => {
    const result = plan({ followers: [person('ann'), person('carol')], postAuthor: person('paul') });
    expect(result.comment.map((p) => p.userId)).toEqual(['paul', 'ann']);
    expect(plan({ postAuthor: person('carol') }).comment).toEqual([]);
  });

  it('sends one email to a follower who is also the person replied to: the reply', () => {
    const result = plan({ repliedTo: person('ann'), followers: [person('ann'), person('bob')] });
    expect(result.reply?.userId).toBe('ann');
    expect(result.comment.map((p) => p.userId)).toEqual(['bob']);
  });

  it('sends one email to an author who also follows their own post', () => {
    expect(plan({ postAuthor: person('paul'), followers: [person('paul')] }).comment).toHaveLength(1);
  });

  it('does not send a reply email for replying to oneself, nor to people without an address', () => {
    expect(plan({ repliedTo: person('carol') }).reply).toBeNull();
    expect(plan({ followers: [person('ann', null)] }).comment).toEqual([]);
  });

  it('holds back a person emailed about this post within the window, and lets them through after it', () => {
    const justNow = new Map([['ann', ago(COMMENT_EMAIL_WINDOW_MS - 1000)]]);
    const held = plan({ followers: [person('ann'), person('bob')], lastEmailed: justNow });
    expect(held.comment.map((p) => p.userId)).toEqual(['bob']);
    expect(held.throttled).toEqual(['ann']);
    const longAgo = new Map([['ann', ago(COMMENT_EMAIL_WINDOW_MS)]]);
    expect(plan({ followers: [person('ann')], lastEmailed: longAgo }).comment.map((p) => p.userId)).toEqual(['ann']);
  });

  it('never throttles the reply email itself', () => {
    const justNow = new Map([['ann', ago(1000)]]);
    expect(plan({ repliedTo: person('ann'), lastEmailed: justNow }).reply?.userId).toBe('ann');
  });
});
