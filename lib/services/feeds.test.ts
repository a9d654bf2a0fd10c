import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import type { FeedPost } from '@/db/queries/posts';
import { xssPayloads } from '@/tests/xss-corpus';
import { buildCommentFeedXml, buildFeedXml, type CommentFeedSource, type FeedSource } from './feeds';
import { renderCommentMarkdown, renderPostMarkdown } from '../policies/markdown';

// Besides the XSS corpus: XML's own specials, a CDATA terminator, an entity that must stay literal,
// and a control character XML cannot carry at all (it is dropped, the rest kept).
const hostileTexts = [
  ...xssPayloads,
  'Tom & Jerry say "hi" & <b>bold</b> ]]> ]]> &amp; &lt;p&gt;',
  'Since 2000',
  'bell\u0007 in a title',
];
const literal = (text: string) => text.replace('\u0007', '');

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['item', 'entry', 'category', 'link'].includes(name),
});

function hostileSource(text: string, withLabel: boolean): FeedSource {
  const post: FeedPost = {
    id: 1,
    slug: 'a-post',
    title: text,
    excerpt: text,
    coverImage: null,
    coverAlt: '',
    publishedAt: new Date('2026-11-01T10:00:00Z'),
    updatedAt: null,
    readingMinutes: 1,
    commentCount: 0,
    author: { name: text, handle: 'ada' },
    labels: [{ name: text, slug: 'garden' }],
    // The body is HTML, so it is the project's sanitised rendering of the hostile text, never the text.
    bodyHtml: renderPostMarkdown(text).html,
  };
  return {
    settings: { title: text, description: text },
    label: withLabel ? { name: text, slug: 'garden' } : null,
    posts: [post],
  };
}

function parse(xml: string) {
  expect(XMLValidator.validate(xml), xml).toBe(true);
  return parser.parse(xml);
}

function elements(node: Root | RootContent): Element[] {
  const own = node.type === 'element' ? [node] : [];
  return [...own, ...('children' in node ? node.children.flatMap(elements) : [])];
}

/** Parses an HTML field as a feed reader would and checks nothing in it can run. */
function expectInertHtml(html: string) {
  for (const element of elements(fromHtml(html, { fragment: true }))) {
    expect(['script', 'iframe', 'object', 'embed', 'style', 'base', 'form', 'svg', 'math'], html).not.toContain(
      element.tagName,
    );
    for (const [name, value] of Object.entries(element.properties)) {
      expect(name.toLowerCase().startsWith('on'), `${name} in ${html}`).toBe(false);
      expect(String(value).replace(/[\s\u0000-\u001f]/g, ''), `${name} in ${html}`).not.toMatch(
        /^(javascript|vbscript|data):/i,
      );
    }
  }
}

/** The text in an HTML field (its textContent): it must be exactly the plain text that went in. */
function shownText(html: string): string {
  const textOf = (node: Root | RootContent): string =>
    node.type === 'text' ? node.value : 'children' in node ? node.children.map(textOf).join('') : '';
  return textOf(fromHtml(html, { fragment: true }));
}

describe('RSS feed', () => {
  it.each(hostileTexts)('keeps %j literal text in every text field', (text) => {
    const rss = parse(buildFeedXml('rss', hostileSource(text, true))).rss;
    const channel = rss.channel;
    expect(channel.title).toBe(`${literal(text)}: ${literal(text)}`);
    expect(channel.description).toBe(literal(text));
    const [item] = channel.item;
    expect(item.title).toBe(literal(text));
    expect(item['dc:creator']).toBe(literal(text));
    expect(item.category[0]['#text']).toBe(literal(text));
    // The item description is read as HTML: the excerpt arrives escaped and shows as typed.
    expect(shownText(item.description)).toBe(literal(text));
    expectInertHtml(item.description);
    expectInertHtml(item['content:encoded'] ?? '');
  });

  it('names the author in dc:creator, not in RSS’s email-only <author>', () => {
    const xml = buildFeedXml('rss', hostileSource('Ada Marsh', false));
    const rss = parse(xml).rss;
    expect(rss['@_xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    expect(rss.channel.item[0]['dc:creator']).toBe('Ada Marsh');
    expect(rss.channel.item[0].author).toBeUndefined();
    expect(xml).not.toContain('<author>');
  });

  it('carries the sanitised body unchanged', () => {
    const source = hostileSource('## A heading\n\nText with ]]> twice ]]> and `<script>`', false);
    const item = parse(buildFeedXml('rss', source)).rss.channel.item[0];
    expect(item['content:encoded']).toBe(source.posts[0]!.bodyHtml);
    expect(item['content:encoded']).toContain('<h2');
  });
});

describe('Atom feed', () => {
  it.each(hostileTexts)('keeps %j literal text in every text field', (text) => {
    const feed = parse(buildFeedXml('atom', hostileSource(text, false))).feed;
    for (const construct of [feed.title, feed.subtitle, feed.entry[0].title, feed.entry[0].summary]) {
      expect(construct['#text']).toBe(literal(text));
      expect(construct['@_type']).toBe('text');
    }
    const [entry] = feed.entry;
    expect(entry.author.name).toBe(literal(text));
    expect(entry.category[0]['@_term']).toBe(literal(text));
    expect(entry.content['@_type']).toBe('html');
    // An empty body (everything sanitised away) is an empty element.
    const content = entry.content['#text'] ?? '';
    expect(content).toBe(literal(hostileSource(text, false).posts[0]!.bodyHtml));
    expectInertHtml(content);
  });
});

function hostileCommentSource(text: string, onePost: boolean): CommentFeedSource {
  return {
    settings: { title: text },
    post: onePost ? { slug: 'a-post', title: text } : null,
    comments: [
      {
        id: 7,
        postSlug: 'a-post',
        postTitle: text,
        authorName: text,
        // Like a post body: the project's sanitised rendering of the hostile text.
        bodyHtml: renderCommentMarkdown(text).html,
        createdAt: new Date('2026-11-02T10:00:00Z'),
        editedAt: null,
      },
    ],
  };
}

describe('comment feed', () => {
  it.each(hostileTexts)('keeps %j literal in names and titles, and the body inert', (text) => {
    for (const onePost of [true, false]) {
      const source = hostileCommentSource(text, onePost);
      const channel = parse(buildCommentFeedXml(source)).rss.channel;
      expect(channel.title).toBe(onePost ? `Comments on “${literal(text)}”` : `Comments on ${literal(text)}`);
      const [item] = channel.item;
      expect(item.title).toBe(`${literal(text)} on “${literal(text)}”`);
      expect(item['dc:creator']).toBe(literal(text));
      // The description is read as HTML: exactly the sanitised body, and nothing in it runs.
      expect(item.description ?? '').toBe(literal(source.comments[0]!.bodyHtml));
      expectInertHtml(item.description ?? '');
    }
  });

  it('links each comment to its permalink, and the feed to itself', () => {
    const xml = buildCommentFeedXml(hostileCommentSource('Nice post', true));
    const channel = parse(xml).rss.channel;
    expect(channel.link[0]).toMatch(/\/posts\/a-post$/);
    expect(channel['atom:link']['@_href']).toMatch(/\/posts\/a-post\/comments\/feed\.xml$/);
    expect(channel.item[0].link[0]).toMatch(/\/comments\/7$/);
    expect(channel.item[0].guid['#text']).toBe(channel.item[0].link[0]);
    const siteWide = parse(buildCommentFeedXml(hostileCommentSource('Nice post', false))).rss.channel;
    expect(siteWide['atom:link']['@_href']).toMatch(/\/comments\/feed\.xml$/);
    expect(siteWide['atom:link']['@_href']).not.toContain('/posts/');
  });
});
