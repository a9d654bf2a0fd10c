import { describe, expect, it } from 'vitest';
import type { Role } from '@/db/tables';
import { canEditMenu, canEditPost, canWrite, isAdmin } from './permissions';

const as = (role: Role, id = `${role}-id`) => ({ id, role });

describe('permissions', () => {
  it('lets authors and admins write, nobody else', () => {
    expect(
      [null, ...(['reader', 'author', 'moderator', 'admin'] as const).map((role) => as(role))].map(canWrite),
    ).toEqual([false, false, true, false, true]);
  });

  it('lets an author edit only their own posts; admins edit all', () => {
    const post = { authorId: 'author-id' };
    expect(canEditPost(as('author'), post)).toBe(true);
    expect(canEditPost(as('author', 'someone-else'), post)).toBe(false);
    expect(canEditPost(as('admin'), post)).toBe(true);
    expect(canEditPost(as('moderator', 'author-id'), post)).toBe(false);
    expect(canEditPost(as('reader', 'author-id'), post)).toBe(false);
    expect(canEditPost(null, post)).toBe(false);
  });

  it('keeps admin powers to admins', () => {
    expect(isAdmin(as('admin'))).toBe(true);
    expect(isAdmin(as('moderator'))).toBe(false);
    expect(isAdmin(null)).toBe(false);
  });

  it('lets only admins edit the header menu', () => {
    expect(
      [null, ...(['reader', 'author', 'moderator', 'admin'] as const).map((role) => as(role))].map(canEditMenu),
    ).toEqual([false, false, false, false, true]);
  });
});
