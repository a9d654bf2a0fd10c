import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SNIPPET_END, SNIPPET_START, type SearchResult } from '@/db/queries/search';
import { SearchResults } from './search-results';

const hit = {
  id: 1,
  slug: 'a-garden',
  title: 'A garden',
  publishedAt: new Date(Date.UTC(2026, 10, 1)),
  authorName: 'Ada Marsh',
  snippet: `…the ${SNIPPET_START}garden${SNIPPET_END} <b>gate</b>…`,
};

const render = (results: SearchResult) =>
  renderToStaticMarkup(createElement(SearchResults, { query: 'garden', page: 1, results, perPage: 10 }));

describe('search results', () => {
  it('counts the posts found and marks the matches, the rest of a snippet as text', () => {
    const html = render({ hits: [hit], total: 1, capped: false });
    expect(html).toContain('1 post found.');
    expect(html).toContain('<mark>garden</mark>');
    expect(html).toContain('&lt;b&gt;gate&lt;/b&gt;');
  });

  it('says so when more posts match than were ranked, and asks for another word', () => {
    const html = render({ hits: [hit], total: 998, capped: true });
    expect(html).toContain('More than 1,000 posts match: the best of the newest are shown.');
    expect(html).toContain('Add a word to narrow the search.');
    expect(html).not.toContain('998 posts found');
  });
});
