import { describe, expect, it } from 'vitest';
import {
  banEnd,
  commentsCloseAt,
  commentsOpenNow,
  countLinks,
  defaultModerationRules,
  findListedWord,
  isBanned,
  judgeComment,
  PERMANENT_BAN_UNTIL,
  reportsHide,
  type CommentCandidate,
  type ModerationRules,
} from './moderation-policy';

const now = new Date('2026-11-27T12:00:00Z');
const candidate = (patch: Partial<CommentCandidate> = {}): CommentCandidate => ({
  body: 'A thoughtful comment.',
  authorEmail: 'reader@example.com',
  authorModerates: false,
  authorHasApprovedComment: true,
  postPublishedAt: new Date('2026-11-20T12:00:00Z'),
  now,
  ...patch,
});
const rules = (patch: Partial<ModerationRules> = {}): ModerationRules => ({ ...defaultModerationRules, ...patch });

describe('judgeComment', () => {
  it('publishes an ordinary comment under the default rules', () => {
    expect(judgeComment(candidate(), rules())).toEqual({ verdict: 'publish' });
  });

  it('holds every comment, or only first comments, when told to', () => {
    expect(judgeComment(candidate(), rules({ holdMode: 'all' }))).toMatchObject({ verdict: 'hold', code: 'all' });
    expect(judgeComment(candidate(), rules({ holdMode: 'first' }))).toEqual({ verdict: 'publish' });
    expect(judgeComment(candidate({ authorHasApprovedComment: false }), rules({ holdMode: 'first' }))).toMatchObject({
      verdict: 'hold',
      code: 'first',
    });
  });

  it('holds comments with more links than allowed', () => {
    const two = 'See https://a.example and www.b.example';
    expect(judgeComment(candidate({ body: two }), rules())).toEqual({ verdict: 'publish' });
    expect(judgeComment(candidate({ body: `${two} and [c](http://c.example)` }), rules())).toMatchObject({
      verdict: 'hold',
      code: 'links',
    });
  });

  it('holds on the hold list and rejects on the block list, as whole words, ignoring case', () => {
    const lists = rules({ holdWords: ['casino'], blockWords: ['buy followers'] });
    expect(judgeComment(candidate({ body: 'Best CASINO in town' }), lists)).toMatchObject({
      verdict: 'hold',
      code: 'words',
    });
    expect(judgeComment(candidate({ body: 'occasionally' }), lists)).toEqual({ verdict: 'publish' });
    expect(judgeComment(candidate({ body: 'Buy followers now!' }), lists)).toMatchObject({ verdict: 'reject' });
  });

  it('rejects blocked email domains and their subdomains', () => {
    const blocked = rules({ blockEmailDomains: ['spam.example'] });
    expect(judgeComment(candidate({ authorEmail: 'x@spam.example' }), blocked).verdict).toBe('reject');
    expect(judgeComment(candidate({ authorEmail: 'x@mail.spam.example' }), blocked).verdict).toBe('reject');
    expect(judgeComment(candidate({ authorEmail: 'x@notspam.example' }), blocked).verdict).toBe('publish');
  });

  it('holds comments on posts older than N days (Blogger’s rule)', () => {
    expect(judgeComment(candidate(), rules({ holdAfterDays: 7 }))).toEqual({ verdict: 'publish' });
    expect(judgeComment(candidate(), rules({ holdAfterDays: 6 }))).toMatchObject({ verdict: 'hold', code: 'old-post' });
  });

  it('never holds or rejects moderators and admins', () => {
    expect(
      judgeComment(
        candidate({ authorModerates: true, body: 'casino' }),
        rules({ holdMode: 'all', blockWords: ['casino'] }),
      ),
    ).toEqual({ verdict: 'publish' });
  });

  it('checks the block list before any hold rule', () => {
    expect(
      judgeComment(candidate({ body: 'casino' }), rules({ holdMode: 'all', blockWords: ['casino'] })).verdict,
    ).toBe('reject');
  });
});

describe('the other rules', () => {
  it('counts links and finds listed phrases', () => {
    expect(countLinks('no links')).toBe(0);
    expect(countLinks('http://a https://b www.c')).toBe(3);
    expect(findListedWord('I like cheap pills a lot', ['cheap pills'])).toBe('cheap pills');
    expect(findListedWord('cheaper pills', ['cheap pills'])).toBeNull();
  });

  it('closes comments by age only when the rule is on', () => {
    const publishedAt = new Date('2026-10-01T00:00:00Z');
    const open = { commentsOpen: true, publishedAt };
    expect(commentsOpenNow(open, now, { closeAfterDays: 0 })).toBe(true);
    expect(commentsOpenNow(open, now, { closeAfterDays: 30 })).toBe(false);
    expect(commentsOpenNow(open, now, { closeAfterDays: 90 })).toBe(true);
    expect(commentsCloseAt(publishedAt, { closeAfterDays: 0 })).toBeNull();
    expect(commentsCloseAt(publishedAt, { closeAfterDays: 1 })).toEqual(new Date('2026-10-02T00:00:00Z'));
  });

  it('closes comments from the very moment the age rule says, and whenever the author closed them', () => {
    const rules = { closeAfterDays: 1 };
    const publishedAt = new Date('2026-10-01T00:00:00Z');
    const closesAt = new Date('2026-10-02T00:00:00Z');
    expect(commentsOpenNow({ commentsOpen: true, publishedAt }, new Date(closesAt.getTime() - 1), rules)).toBe(true);
    expect(commentsOpenNow({ commentsOpen: true, publishedAt }, closesAt, rules)).toBe(false);
    expect(commentsOpenNow({ commentsOpen: false, publishedAt }, publishedAt, { closeAfterDays: 0 })).toBe(false);
    // Not published yet (a preview): counted from now, so open.
    expect(commentsOpenNow({ commentsOpen: true, publishedAt: null }, now, rules)).toBe(true);
  });

  it('hides a comment at the report threshold', () => {
    expect(reportsHide(2, { reportThreshold: 3 })).toBe(false);
    expect(reportsHide(3, { reportThreshold: 3 })).toBe(true);
  });

  it('computes ban ends and whether a ban is in force', () => {
    expect(banEnd('1d', now)).toEqual(new Date('2026-11-28T12:00:00Z'));
    expect(banEnd('30d', now)).toEqual(new Date('2026-12-27T12:00:00Z'));
    expect(banEnd('permanent', now)).toEqual(PERMANENT_BAN_UNTIL);
    expect(isBanned({ bannedUntil: banEnd('1d', now) }, now)).toBe(true);
    expect(isBanned({ bannedUntil: banEnd('1d', now) }, new Date('2026-11-28T12:00:01Z'))).toBe(false);
    expect(isBanned({ bannedUntil: null }, now)).toBe(false);
  });
});
