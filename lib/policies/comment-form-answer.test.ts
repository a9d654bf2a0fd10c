import { describe, expect, it } from 'vitest';
import { commentFormAddress, locationHeader } from './comment-form-answer';

describe('commentFormAddress', () => {
  it('goes back to the page of comments the form was on, with the sentence', () => {
    expect(commentFormAddress('/posts/hello-world', null, 'Comments are closed on this post.')).toBe(
      '/posts/hello-world?problem=Comments+are+closed+on+this+post.#new-comment',
    );
    expect(commentFormAddress('/posts/hello-world/comments/newest/2', null, 'No.')).toBe(
      '/posts/hello-world/comments/newest/2?problem=No.#new-comment',
    );
  });

  it('opens a reply form again at its comment', () => {
    expect(commentFormAddress('/posts/hello-world/comments/3', 42, 'Too fast.')).toBe(
      '/posts/hello-world/comments/3?reply=42&problem=Too+fast.#comment-42',
    );
  });

  it('keeps a slug in any script, percent-encoded', () => {
    expect(commentFormAddress('/posts/ελληνικά', null, 'x')).toBe(
      `/posts/${encodeURIComponent('ελληνικά')}?problem=x#new-comment`,
    );
  });

  it('trusts only post pages of this site', () => {
    for (const here of [
      '',
      '/',
      '//evil.example/posts/a',
      'https://evil.example/posts/a',
      '/posts/a/../../admin',
      '/admin/users',
      '/posts/a/comments/1/2/3',
      'javascript:alert(1)',
      '/posts/a?next=//evil.example',
    ]) {
      const address = commentFormAddress(here, null, 'x');
      if (here === '/posts/a?next=//evil.example') expect(address).toBe('/posts/a?problem=x#new-comment');
      else expect(address, here).toBeNull();
    }
  });

  it('cuts a long sentence', () => {
    const address = commentFormAddress('/posts/a', null, 'y'.repeat(1000))!;
    expect(new URL(address, 'http://x').searchParams.get('problem')).toHaveLength(300);
  });
});

describe('locationHeader', () => {
  it('encodes letters outside ASCII and keeps escapes and the fragment', () => {
    expect(locationHeader('/posts/日本語/comments/2#comment-5')).toBe(
      `/posts/${encodeURIComponent('日本語')}/comments/2#comment-5`,
    );
    expect(locationHeader('/signin?returnTo=%2Fcomments%2Fpending&notice=comment-kept')).toBe(
      '/signin?returnTo=%2Fcomments%2Fpending&notice=comment-kept',
    );
  });

  it('never points at another site', () => {
    expect(locationHeader('//evil.example/x')).toBe('/');
    expect(locationHeader('https://evil.example/x')).toBe('/');
  });
});
