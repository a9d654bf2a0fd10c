import { describe, expect, it } from 'vitest';
import { menuLinks } from './menu';

describe('menuLinks', () => {
  it('links pages by their current slug, only while published, and marks outside links', () => {
    const links = menuLinks(
      [
        { label: 'About', target: { type: 'page', pageId: 1 } },
        { label: 'Draft page', target: { type: 'page', pageId: 2 } },
        { label: 'Travel', target: { type: 'label', slug: 'travel' } },
        { label: 'Archive', target: { type: 'url', url: '/archive' } },
        { label: 'Mastodon', target: { type: 'url', url: 'https://example.social/@quire' } },
      ],
      new Map([[1, { slug: 'about-us' }]]),
    );
    expect(links).toEqual([
      { label: 'About', href: '/pages/about-us', external: false },
      { label: 'Travel', href: '/labels/travel', external: false },
      { label: 'Archive', href: '/archive', external: false },
      { label: 'Mastodon', href: 'https://example.social/@quire', external: true },
    ]);
  });
});
