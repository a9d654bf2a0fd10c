import 'server-only';
import { XMLBuilder } from 'fast-xml-parser';
import type { QuireDatabase } from '@/db/client';
import { readWxrRows, type WxrPostRow } from '@/db/queries/portable';

// A WordPress eXtended RSS (WXR 1.2) file of the site's posts, labels and comments, in the shape
// WordPress's own importer (Tools → Import → WordPress) reads. Labels become categories.

const wpStatus: Record<string, string> = {
  published: 'publish',
  scheduled: 'future',
  draft: 'draft',
  trashed: 'trash',
};

/** WordPress's `2024-05-01 12:30:00` (the site's time and UTC: Quire keeps UTC, so both are UTC). */
function wpDate(ms: number | null): string {
  if (ms === null) return '0000-00-00 00:00:00';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export async function buildWxr(
  db: QuireDatabase,
  site: { title: string; description: string; url: string },
): Promise<string> {
  const { posts, authors, labels, postLabels, comments } = await readWxrRows(db);

  const base = site.url.replace(/\/+$/, '');
  const item = (post: WxrPostRow) => ({
    title: post.title,
    link: `${base}/posts/${post.slug}`,
    pubDate: new Date(post.published_at ?? post.created_at).toUTCString(),
    'dc:creator': post.handle,
    guid: { '@_isPermaLink': 'false', '#text': `${base}/?p=${post.id}` },
    description: '',
    'content:encoded': post.body_html,
    'excerpt:encoded': post.custom_excerpt,
    'wp:post_id': post.id,
    'wp:post_date': wpDate(post.published_at ?? post.created_at),
    'wp:post_date_gmt': wpDate(post.status === 'draft' ? null : (post.published_at ?? post.created_at)),
    'wp:post_modified': wpDate(post.updated_at ?? post.published_at ?? post.created_at),
    'wp:post_modified_gmt': wpDate(post.updated_at ?? post.published_at ?? post.created_at),
    'wp:comment_status': post.comments_open ? 'open' : 'closed',
    'wp:ping_status': 'closed',
    'wp:post_name': post.slug,
    'wp:status': wpStatus[post.status] ?? 'draft',
    'wp:post_parent': 0,
    'wp:menu_order': 0,
    'wp:post_type': 'post',
    'wp:post_password': '',
    'wp:is_sticky': 0,
    category: postLabels
      .filter((label) => label.post_id === post.id)
      .map((label) => ({ '@_domain': 'category', '@_nicename': label.slug, '#text': label.name })),
    'wp:comment': comments
      .filter((comment) => comment.post_id === post.id)
      .map((comment) => ({
        'wp:comment_id': comment.id,
        'wp:comment_author': comment.user_name ?? comment.author_name ?? 'Anonymous',
        'wp:comment_author_email': comment.user_email ?? comment.author_email ?? '',
        'wp:comment_author_url': comment.author_url ?? '',
        'wp:comment_author_IP': '',
        'wp:comment_date': wpDate(comment.created_at),
        'wp:comment_date_gmt': wpDate(comment.created_at),
        'wp:comment_content': comment.body_html,
        'wp:comment_approved': comment.status === 'visible' ? '1' : comment.status === 'pending' ? '0' : 'trash',
        'wp:comment_type': 'comment',
        'wp:comment_parent': comment.parent_id ?? 0,
        'wp:comment_user_id': 0,
      })),
  });

  const document = {
    rss: {
      '@_version': '2.0',
      '@_xmlns:excerpt': 'http://wordpress.org/export/1.2/excerpt/',
      '@_xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      '@_xmlns:wfw': 'http://wellformedweb.org/CommentAPI/',
      '@_xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      '@_xmlns:wp': 'http://wordpress.org/export/1.2/',
      channel: {
        title: site.title,
        link: base,
        description: site.description,
        pubDate: new Date().toUTCString(),
        language: 'en',
        'wp:wxr_version': '1.2',
        'wp:base_site_url': base,
        'wp:base_blog_url': base,
        'wp:author': authors.map((author, index) => ({
          'wp:author_id': index + 1,
          'wp:author_login': author.handle,
          'wp:author_email': author.email ?? '',
          'wp:author_display_name': author.name ?? author.handle,
          'wp:author_first_name': '',
          'wp:author_last_name': '',
        })),
        'wp:category': labels.map((label) => ({
          'wp:term_id': label.id,
          'wp:category_nicename': label.slug,
          'wp:category_parent': '',
          'wp:cat_name': label.name,
        })),
        generator: 'Quire',
        item: posts.map(item),
      },
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: false,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- A WordPress eXtended RSS file written by Quire: import it with WordPress's Tools → Import → WordPress. -->\n${builder.build(document)}`;
}
