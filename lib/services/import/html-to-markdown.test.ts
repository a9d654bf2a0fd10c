import { describe, expect, it } from 'vitest';
import { renderPostMarkdown } from '@/lib/policies/markdown';
import { autoParagraphs, expandShortcodes, htmlToMarkdown } from './html-to-markdown';

describe('autoParagraphs (WordPress wpautop)', () => {
  it('makes paragraphs of blank-line-separated text and line breaks of single newlines', () => {
    expect(autoParagraphs('One line\nsame paragraph\n\nSecond paragraph')).toBe(
      '<p>One line<br>\nsame paragraph</p>\n<p>Second paragraph</p>',
    );
  });

  it('adds neither paragraphs nor breaks around block tags, and leaves <pre> alone', () => {
    const html = '<h2>Title</h2>\nText after\n<ul>\n<li>one</li>\n</ul>\n<pre>keep\n\nthis</pre>';
    const result = autoParagraphs(html);
    expect(result).toContain('<h2>Title</h2>');
    expect(result).toContain('<p>Text after</p>');
    expect(result).not.toMatch(/<li>one<\/li>\s*<br>/);
    expect(result).toContain('<pre>keep\n\nthis</pre>');
  });
});

describe('expandShortcodes', () => {
  it('turns a captioned image into a figure with its caption', () => {
    const result = expandShortcodes(
      '[caption id="a1" align="alignleft" width="300"]<img src="https://x.test/a.jpg" alt="A"> The caption[/caption]',
    );
    expect(result).toBe(
      '<figure><img src="https://x.test/a.jpg" alt="A"><figcaption>The caption</figcaption></figure>',
    );
  });

  it('shows a gallery as its images, by ids or the post’s attachments', () => {
    const attachments = new Map([['7', { url: 'https://x.test/7.jpg', alt: 'Seven' }]]);
    expect(expandShortcodes('[gallery ids="7,99"]', { attachments })).toContain('src="https://x.test/7.jpg"');
    expect(expandShortcodes('[gallery]', { childImages: [{ url: 'https://x.test/c.jpg', alt: 'C' }] })).toContain(
      'alt="C"',
    );
    expect(expandShortcodes('before [gallery columns="3"] after')).toBe('before  after');
  });

  it('links embeds and media, keeps unknown paired content, drops lone shortcodes, keeps ordinary brackets', () => {
    expect(expandShortcodes('[embed]https://video.test/v/1[/embed]')).toContain('href="https://video.test/v/1"');
    expect(expandShortcodes('[audio mp3="https://x.test/a.mp3"][/audio]')).toContain('audio: https://x.test/a.mp3');
    expect(expandShortcodes('[highlight color="red"]kept words[/highlight]')).toBe('kept words');
    expect(expandShortcodes('x [recent_posts] [contact-form id="4"] [foo bar="1"/] y')).toBe('x    y');
    expect(expandShortcodes('beaching their coracles [simple boat] and [sic]')).toBe(
      'beaching their coracles [simple boat] and [sic]',
    );
    expect(expandShortcodes('[embed]javascript:alert(1)[/embed]')).toBe('');
  });
});

describe('htmlToMarkdown', () => {
  it('drops Gutenberg block comments and converts the HTML', () => {
    const markdown = htmlToMarkdown(
      '<!-- wp:paragraph -->\n<p>Hello <strong>world</strong></p>\n<!-- /wp:paragraph -->\n<!-- wp:heading -->\n<h2>Next</h2>\n<!-- /wp:heading -->',
    );
    expect(markdown).toBe('Hello **world**\n\n## Next');
  });

  it('converts tables to GitHub tables and keeps what Markdown cannot say as HTML', () => {
    const markdown = htmlToMarkdown(
      '<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table><p>H<sub>2</sub>O</p>',
    );
    expect(markdown).toMatch(/^\| A +\| B +\|\n\| --- \| --- \|/m);
    expect(markdown).toContain('<sub>2</sub>');
  });

  it('never lets script, event handlers or iframes through to the rendered post', () => {
    const markdown = htmlToMarkdown(
      '<p onclick="alert(1)">Hi</p><script>alert(2)</script><iframe src="https://evil.test"></iframe><figure onmouseover="x()"><img src="javascript:alert(3)"></figure>',
    );
    const { html } = renderPostMarkdown(markdown);
    expect(html).toContain('Hi');
    expect(html).not.toMatch(/script|onclick|onmouseover|iframe|javascript:/i);
  });
});
