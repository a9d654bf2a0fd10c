import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { xssPayloads } from '@/tests/xss-corpus';
import { renderCommentMarkdown, renderPostMarkdown } from './markdown';

const activeElements = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'style',
  'link',
  'meta',
  'base',
  'form',
  'svg',
  'math',
  'body',
  'frame',
  'frameset',
]);

function elements(node: Root | RootContent): Element[] {
  const own = node.type === 'element' ? [node] : [];
  const children = 'children' in node ? node.children.flatMap(elements) : [];
  return [...own, ...children];
}

/** Parses the output as a browser would and checks nothing in it can run script. */
function expectInert(html: string) {
  for (const element of elements(fromHtml(html, { fragment: true }))) {
    expect(activeElements.has(element.tagName), `<${element.tagName}> in ${html}`).toBe(false);
    if (element.tagName === 'input') expect(element.properties).toMatchObject({ type: 'checkbox', disabled: true });
    for (const [name, value] of Object.entries(element.properties)) {
      expect(name.toLowerCase().startsWith('on'), `${name} in ${html}`).toBe(false);
      expect(name, `style in ${html}`).not.toBe('style');
      if (['href', 'src', 'action', 'data', 'formAction', 'srcDoc', 'xLinkHref'].includes(name)) {
        expect(String(value).replace(/[\s\u0000-\u001f]/g, '')).not.toMatch(/^(javascript|vbscript|data):/i);
      }
    }
  }
}

describe('renderPostMarkdown', () => {
  it.each(xssPayloads)('makes %s inert', (payload) => {
    expectInert(renderPostMarkdown(payload).html);
    expectInert(renderPostMarkdown(`Some text\n\n${payload}\n\nMore text`).html);
  });

  it('has a corpus of at least 30 payloads', () => {
    expect(xssPayloads.length).toBeGreaterThanOrEqual(30);
  });

  it('renders GitHub-flavoured Markdown', () => {
    const { html } = renderPostMarkdown(
      '## A heading\n\n**bold** *em* ~~gone~~ `code`\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n\n> quoted',
    );
    expect(html).toContain('<h2 id="a-heading">A heading</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<blockquote>');
  });

  it('highlights fenced code by language', () => {
    const { html } = renderPostMarkdown('```ts\nconst answer: number = 42;\n```');
    expect(html).toContain('class="hljs language-ts"');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
  });

  it('keeps safe raw HTML and drops the unsafe parts of it', () => {
    const { html } = renderPostMarkdown(
      '<figure><img src="https://example.com/a.png" alt="A" onerror="x()"><figcaption>Cap</figcaption></figure>',
    );
    expect(html).toContain('<figure>');
    expect(html).toContain('src="https://example.com/a.png"');
    expect(html).toContain('<figcaption>Cap</figcaption>');
    expect(html).not.toContain('onerror');
  });

  it('gives uploaded images their size and srcset, and every image lazy loading', () => {
    const lookup = (src: string) =>
      src === '/uploads/known.webp'
        ? { src: '/uploads/known.webp', width: 1280, height: 720, srcset: '/a 640w, /b 1280w', sizes: '100vw' }
        : null;
    const { html } = renderPostMarkdown('![Known](/uploads/known.webp)\n\n![Other](https://example.com/x.png)', lookup);
    const [known, other] = html.match(/<img[^>]*>/g) ?? [];
    for (const attribute of [
      'src="/uploads/known.webp"',
      'width="1280"',
      'height="720"',
      'srcset="/a 640w, /b 1280w"',
      'sizes="100vw"',
      'loading="lazy"',
    ])
      expect(known).toContain(attribute);
    expect(other).toContain('loading="lazy"');
    expect(other).not.toContain('srcset');
    // An author cannot smuggle a srcset pointing elsewhere: the sanitiser drops it before ours is added.
    expect(renderPostMarkdown('<img src="/x.png" srcset="javascript:alert(1) 1w">').html).not.toContain('srcset');
  });

  it('points an uploaded image at the address its lookup gives (the bucket, with S3_PUBLIC_URL)', () => {
    const served = 'https://images.example.com/ab/known.webp';
    const lookup = (src: string) =>
      src === '/uploads/known.webp'
        ? { src: served, width: 1280, height: 720, srcset: `${served} 1280w`, sizes: '100vw' }
        : null;
    const { html } = renderPostMarkdown('![Known](/uploads/known.webp)', lookup);
    expect(html).toContain(`src="${served}"`);
    expect(html).not.toContain('src="/uploads/');
  });

  it('returns plain text, a lead paragraph and a reading time', () => {
    const words = Array.from({ length: 460 }, (_, index) => `word${index}`).join(' ');
    const rendered = renderPostMarkdown(`# Title\n\nFirst paragraph here.\n\n${words}`);
    expect(rendered.text).toContain('First paragraph here.');
    expect(rendered.text).not.toContain('#');
    expect(rendered.lead.startsWith('First paragraph here.')).toBe(true);
    expect(rendered.readingMinutes).toBe(2);
  });
});

describe('renderCommentMarkdown', () => {
  it.each(xssPayloads)('makes %s inert in a comment', (payload) => {
    expectInert(renderCommentMarkdown(payload).html);
  });

  it('allows the Markdown-lite subset', () => {
    const { html } = renderCommentMarkdown('*em* **strong** `code`\n\n> quote\n\n- item\n\n```\nblock\n```');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<strong>strong</strong>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<li>item</li>');
    expect(html).toContain('<pre><code>block\n</code></pre>');
  });

  it('drops images, headings and raw HTML', () => {
    const { html } = renderCommentMarkdown('# Big\n\n![pic](https://example.com/a.png)\n\n<b>raw</b>');
    expect(html).not.toContain('<h1');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
  });

  it('marks links nofollow ugc noopener', () => {
    const { html } = renderCommentMarkdown('[site](https://example.com)');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="nofollow ugc noopener"');
  });
});
