import { describe, expect, it } from 'vitest';
import { SNIPPET_END, SNIPPET_START, type SearchResult } from '@/db/queries/search';
import { fillSearchShell, SEARCH_BODY_MARKER, searchBodyHtml } from './search-html';

const hit = {
  id: 1,
  slug: 'a-garden',
  title: 'A <garden> & "gate"',
  publishedAt: new Date(Date.UTC(2026, 10, 1)),
  authorName: 'Ada <Marsh>',
  snippet: `…the ${SNIPPET_START}garden${SNIPPET_END} <b>gate</b>…`,
};

const render = (results: SearchResult | null, query = 'garden', page = 1) =>
  searchBodyHtml({ query, page, results, perPage: 10 });

describe('search body HTML', () => {
  it('counts the posts found and marks the matches, the rest of a snippet as text', () => {
    const html = render({ hits: [hit], total: 1, capped: false });
    expect(html).toContain('1 post found.');
    expect(html).toContain('<mark>garden</mark>');
    expect(html).toContain('&lt;b&gt;gate&lt;/b&gt;');
    expect(html).toContain('A &lt;garden&gt; &amp; &quot;gate&quot;</a>');
    expect(html).toContain('Ada &lt;Marsh&gt;');
    expect(html).toContain(
      '<time dateTime="2026-11-01T00:00:00.000Z" title="1 November 2026, 00:00 UTC">1 November 2026</time>',
    );
  });

  it('says so when more posts match than were ranked, and asks for another word', () => {
    const html = render({ hits: [hit], total: 998, capped: true });
    expect(html).toContain('More than 1,000 posts match: the best of the newest are shown.');
    expect(html).not.toContain('998 posts found');
  });

  it('escapes the query in the heading, the search box and the page links', () => {
    const query = '"><script>alert(1)</script>';
    const html = render({ hits: [hit], total: 25, capped: false }, query, 2);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Search results for “&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;”');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain(
      'href="/search?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E" rel="prev">← Previous results</a>',
    );
    expect(html).toContain('rel="next">More results →</a>');
    expect(html).toContain('Page 2 of 3');
  });

  it('shows the form alone without a query', () => {
    const html = render(null, '');
    expect(html).toContain('>Search</h1>');
    expect(html).toContain('Type a word or two');
    expect(html).not.toContain('Result pages');
  });
});

describe('filling the search shell', () => {
  const shell =
    '<html><head><title>Search · Blog</title></head><body><div data-search-body="">' +
    `${SEARCH_BODY_MARKER}</div><script>self.__next_f.push([1,"{\\"html\\":\\"${SEARCH_BODY_MARKER}\\"}"])</script></body></html>`;

  it('puts the body at the marker in the HTML, not in the flight data, and the title in the head', () => {
    const filled = fillSearchShell(shell, { title: 'Search: <b>', body: '<main>found</main>' })!;
    expect(filled).toContain('<title>Search: &lt;b&gt; · Blog</title>');
    expect(filled).toContain('<div data-search-body="" data-title="Search: &lt;b&gt; · Blog"><main>found</main></div>');
    expect(filled).toContain(`\\"html\\":\\"${SEARCH_BODY_MARKER}\\"`);
  });

  it('answers null for a page without the marker', () => {
    expect(fillSearchShell('<html><title>Search · Blog</title></html>', { title: 't', body: 'b' })).toBeNull();
  });
});
