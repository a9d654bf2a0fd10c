import 'server-only';
import { Feed } from 'feed';
import { XMLBuilder } from 'fast-xml-parser';
import { cacheLife, cacheTag } from 'next/cache';
import { cacheTags } from './cache-tags';
import { absoluteUrl } from './env';
import { readFeedPosts, readSitemap } from './reads';

export type FeedFormat = 'rss' | 'atom';

/**
 * The RSS 2.0 or Atom document for the whole blog or one label, with full post content.
 * Returns null for an unknown label. Cached as a string until a post list changes.
 */
export async function readFeedXml(format: FeedFormat, labelSlug?: string): Promise<string | null> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists, cacheTags.site);
  const data = await readFeedPosts(labelSlug);
  if (!data) return null;
  const { settings, label, posts } = data;
  const selfPath = label ? `/labels/${label.slug}/feed.xml` : format === 'rss' ? '/feed.xml' : '/atom.xml';
  const feed = new Feed({
    title: label ? `${settings.title}: ${label.name}` : settings.title,
    description: settings.description,
    id: absoluteUrl(label ? `/labels/${label.slug}` : '/'),
    link: absoluteUrl(label ? `/labels/${label.slug}` : '/'),
    language: 'en',
    copyright: `© ${settings.title}`,
    updated: posts[0]?.updatedAt ?? posts[0]?.publishedAt ?? new Date(0),
    generator: 'Quire',
    feedLinks: { rss: absoluteUrl(format === 'rss' ? selfPath : '/feed.xml'), atom: absoluteUrl('/atom.xml') },
  });
  for (const post of posts) {
    const url = absoluteUrl(`/posts/${post.slug}`);
    feed.addItem({
      title: post.title,
      id: url,
      link: url,
      description: post.excerpt,
      content: post.bodyHtml,
      date: post.updatedAt ?? post.publishedAt,
      published: post.publishedAt,
      author: [{ name: post.author.name, link: absoluteUrl(`/authors/${post.author.handle}`) }],
      category: post.labels.map((postLabel) => ({
        name: postLabel.name,
        domain: absoluteUrl(`/labels/${postLabel.slug}`),
      })),
      image: post.coverImage ? absoluteUrl(post.coverImage) : undefined,
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

/** sitemap.xml: the home page, every published post, every label and author with published posts. */
export async function readSitemapXml(): Promise<string> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists);
  const { posts, labels, authors } = await readSitemap();
  const urls = [
    { loc: absoluteUrl('/'), lastmod: posts[0]?.lastModified.toISOString() },
    { loc: absoluteUrl('/archive') },
    ...posts.map((post) => ({ loc: absoluteUrl(`/posts/${post.slug}`), lastmod: post.lastModified.toISOString() })),
    ...labels.map((label) => ({ loc: absoluteUrl(`/labels/${label.slug}`) })),
    ...authors.map((author) => ({ loc: absoluteUrl(`/authors/${author.handle}`) })),
  ];
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({
    urlset: { '@_xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9', url: urls },
  })}`;
}
