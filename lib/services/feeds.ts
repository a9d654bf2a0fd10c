import 'server-only';
import { XMLBuilder } from 'fast-xml-parser';
import { cacheLife, cacheTag } from 'next/cache';
import { getPublishedPostForFeed, listFeedComments, type FeedComment } from '@/db/queries/comment-feeds';
import type { FeedPost } from '@/db/queries/posts';
import { getSiteSettings, type SiteSettings } from '@/db/queries/settings';
import { cacheTags } from '../policies/cache-tags';
import { absoluteUrl } from '../server/env';
import { readFeedPosts, readSitemap } from './reads';
import escapeHtml from 'escape-html';

export type FeedFormat = 'rss' | 'atom';

/**
 * A feed route's 404. The route's answers are cached pages; without a Cache-Control of its own Next
 * would send this one as cacheable for a month by proxies in front, outliving a label created later.
 */
export function feedNotFound(message: string): Response {
  return new Response(message, {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=0, must-revalidate' },
  });
}

export type FeedSource = {
  settings: Pick<SiteSettings, 'title' | 'description'>;
  label: { name: string; slug: string } | null;
  posts: FeedPost[];
};

const namespaces = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
};

// The builder escapes every text and attribute value (& < > " '): no title, name or post body can
// end an element early, no CDATA section (which a "]]>" in a post would end) is needed, and nothing
// here writes markup by hand.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  format: true,
  suppressEmptyNode: true,
  // Otherwise isPermaLink="true" is written as a bare isPermaLink, which is not XML.
  suppressBooleanAttributes: false,
});
const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * The RSS 2.0 or Atom document for the whole blog or one label, with full post content.
 * Returns null for an unknown label. Cached as a string until a post list changes.
 */
export async function readFeedXml(format: FeedFormat, labelSlug?: string): Promise<string | null> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists, cacheTags.site);
  const source = await readFeedPosts(labelSlug);
  return source ? buildFeedXml(format, source) : null;
}

/**
 * Titles, excerpts, names and labels are plain text and stay plain text in every reader: Atom marks
 * them type="text"; RSS, whose item description readers render as HTML, gets the excerpt
 * HTML-escaped there. The only HTML is the post body, already sanitised when it was rendered.
 */
export function buildFeedXml(format: FeedFormat, { settings, label, posts }: FeedSource): string {
  const channel = {
    title: label ? `${settings.title}: ${label.name}` : settings.title,
    description: settings.description,
    copyright: `© ${settings.title}`,
    home: absoluteUrl(label ? `/labels/${label.slug}` : '/'),
    self: absoluteUrl(label ? `/labels/${label.slug}/feed.xml` : format === 'rss' ? '/feed.xml' : '/atom.xml'),
    updated: posts[0]?.updatedAt ?? posts[0]?.publishedAt ?? new Date(0),
  };
  const document = format === 'rss' ? rssDocument(channel, posts) : atomDocument(channel, posts);
  return `${xmlDeclaration}${builder.build(document)}`;
}

type Channel = { title: string; description: string; copyright: string; home: string; self: string; updated: Date };

function rssDocument(channel: Channel, posts: FeedPost[]) {
  return {
    rss: {
      '@_version': '2.0',
      '@_xmlns:atom': namespaces.atom,
      '@_xmlns:content': namespaces.content,
      '@_xmlns:dc': namespaces.dc,
      channel: {
        title: xmlText(channel.title),
        link: channel.home,
        description: xmlText(channel.description),
        language: 'en',
        copyright: xmlText(channel.copyright),
        lastBuildDate: channel.updated.toUTCString(),
        generator: 'Quire',
        'atom:link': { '@_href': channel.self, '@_rel': 'self', '@_type': 'application/rss+xml' },
        item: posts.map((post) => {
          const url = absoluteUrl(`/posts/${post.slug}`);
          return {
            title: xmlText(post.title),
            link: url,
            guid: { '#text': url, '@_isPermaLink': 'true' },
            pubDate: post.publishedAt.toUTCString(),
            description: xmlText(escapeHtml(post.excerpt)),
            'content:encoded': xmlText(post.bodyHtml),
            // RSS 2.0's <author> is an email address; the author's name belongs in dc:creator.
            'dc:creator': xmlText(post.author.name),
            category: post.labels.map((postLabel) => ({
              '#text': xmlText(postLabel.name),
              '@_domain': absoluteUrl(`/labels/${postLabel.slug}`),
            })),
            ...(post.coverImage
              ? {
                  enclosure: {
                    '@_url': absoluteUrl(post.coverImage),
                    '@_length': '0',
                    '@_type': imageType(post.coverImage),
                  },
                }
              : {}),
          };
        }),
      },
    },
  };
}

function atomDocument(channel: Channel, posts: FeedPost[]) {
  const text = (value: string) => ({ '#text': xmlText(value), '@_type': 'text' });
  return {
    feed: {
      '@_xmlns': namespaces.atom,
      id: channel.home,
      title: text(channel.title),
      subtitle: text(channel.description),
      updated: channel.updated.toISOString(),
      generator: 'Quire',
      rights: text(channel.copyright),
      link: [
        { '@_rel': 'alternate', '@_href': channel.home },
        { '@_rel': 'self', '@_href': channel.self },
      ],
      entry: posts.map((post) => {
        const url = absoluteUrl(`/posts/${post.slug}`);
        return {
          title: text(post.title),
          id: url,
          link: [
            { '@_rel': 'alternate', '@_href': url },
            ...(post.coverImage
              ? [{ '@_rel': 'enclosure', '@_href': absoluteUrl(post.coverImage), '@_type': imageType(post.coverImage) }]
              : []),
          ],
          updated: (post.updatedAt ?? post.publishedAt).toISOString(),
          published: post.publishedAt.toISOString(),
          summary: text(post.excerpt),
          content: { '#text': xmlText(post.bodyHtml), '@_type': 'html' },
          author: { name: xmlText(post.author.name), uri: absoluteUrl(`/authors/${post.author.handle}`) },
          category: post.labels.map((postLabel) => ({ '@_term': xmlText(postLabel.name) })),
        };
      }),
    },
  };
}

// Characters XML 1.0 forbids even escaped (control characters, lone surrogates): one in a title
// would make the whole feed unreadable.
const notXmlCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlText(value: string): string {
  return value.replace(notXmlCharacter, '');
}

function imageType(path: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(path, 'http://localhost/').pathname)?.[1]?.toLowerCase();
  return extension ? `image/${extension === 'jpg' ? 'jpeg' : extension}` : 'image/*';
}

export const COMMENT_FEED_LIMIT = 30;

export type CommentFeedSource = {
  settings: Pick<SiteSettings, 'title'>;
  /** The post whose comments these are; null for the site-wide feed. */
  post: { slug: string; title: string } | null;
  comments: FeedComment[];
};

/**
 * The RSS document of the newest visible comments, site-wide or on one post; null for a post that
 * is not published. Cached as a string. Which writes drop it:
 * - one post's feed carries `post:<slug>`, which every change to that post's comments (new,
 *   edited, deleted, removed, approved) and to the post itself already invalidates;
 * - the site-wide feed carries `comment-counts`, which every change to the set of visible comments
 *   invalidates, `post-lists` (a post unpublished takes its comments out), and the `post:<slug>` of
 *   each post it quotes, so an edit (which changes no count) shows too. Both carry `site` for the
 *   blog's title.
 */
export async function readCommentFeedXml(postSlug?: string): Promise<string | null> {
  'use cache';
  cacheLife('max');
  if (postSlug === undefined) cacheTag(cacheTags.site, cacheTags.postLists, cacheTags.commentCounts);
  else cacheTag(cacheTags.site, cacheTags.post(postSlug));
  const settings = await getSiteSettings();
  if (postSlug === undefined) {
    const comments = await listFeedComments({ limit: COMMENT_FEED_LIMIT });
    const quoted = new Set(comments.map((comment) => cacheTags.post(comment.postSlug)));
    if (quoted.size > 0) cacheTag(...quoted);
    return buildCommentFeedXml({ settings, post: null, comments });
  }
  const post = await getPublishedPostForFeed({ slug: postSlug });
  if (!post) return null;
  return buildCommentFeedXml({
    settings,
    post,
    comments: await listFeedComments({ postId: post.id, limit: COMMENT_FEED_LIMIT }),
  });
}

/**
 * Like the post feeds: the post's title and the commenter's name stay plain text; the comment body,
 * sanitised when it was saved, is the item's HTML description. Each item links to the comment's
 * permalink, which finds the comment page that shows it.
 */
export function buildCommentFeedXml({ settings, post, comments }: CommentFeedSource): string {
  const home = absoluteUrl(post ? `/posts/${post.slug}` : '/');
  const self = absoluteUrl(post ? `/posts/${post.slug}/comments/feed.xml` : '/comments/feed.xml');
  const updated = comments[0] ? (comments[0].editedAt ?? comments[0].createdAt) : new Date(0);
  const document = {
    rss: {
      '@_version': '2.0',
      '@_xmlns:atom': namespaces.atom,
      '@_xmlns:dc': namespaces.dc,
      channel: {
        title: xmlText(post ? `Comments on “${post.title}”` : `Comments on ${settings.title}`),
        link: home,
        description: xmlText(
          post
            ? `The newest comments on “${post.title}”, ${settings.title}`
            : `The newest comments on ${settings.title}`,
        ),
        language: 'en',
        lastBuildDate: updated.toUTCString(),
        generator: 'Quire',
        'atom:link': { '@_href': self, '@_rel': 'self', '@_type': 'application/rss+xml' },
        item: comments.map((comment) => {
          const url = absoluteUrl(`/comments/${comment.id}`);
          return {
            title: xmlText(`${comment.authorName} on “${comment.postTitle}”`),
            link: url,
            guid: { '#text': url, '@_isPermaLink': 'true' },
            pubDate: comment.createdAt.toUTCString(),
            description: xmlText(comment.bodyHtml),
            'dc:creator': xmlText(comment.authorName),
          };
        }),
      },
    },
  };
  return `${xmlDeclaration}${builder.build(document)}`;
}

/** sitemap.xml: the home page, every published post and page, every label and author with published posts. */
export async function readSitemapXml(): Promise<string> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists, cacheTags.menu);
  const { posts, pages, labels, authors } = await readSitemap();
  const urls = [
    { loc: absoluteUrl('/'), lastmod: posts[0]?.lastModified.toISOString() },
    { loc: absoluteUrl('/archive') },
    ...posts.map((post) => ({ loc: absoluteUrl(`/posts/${post.slug}`), lastmod: post.lastModified.toISOString() })),
    ...pages.map((page) => ({ loc: absoluteUrl(`/pages/${page.slug}`) })),
    ...labels.map((label) => ({ loc: absoluteUrl(`/labels/${label.slug}`) })),
    ...authors.map((author) => ({ loc: absoluteUrl(`/authors/${author.handle}`) })),
  ];
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({
    urlset: { '@_xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9', url: urls },
  })}`;
}
