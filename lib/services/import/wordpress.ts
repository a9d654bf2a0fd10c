import { toSlug } from '@/lib/policies/slug';
import { htmlToMarkdown, type GalleryImage } from './html-to-markdown';
import {
  normalizeOldPath,
  plainTitle,
  type ImportBundle,
  type ImportedComment,
  type ImportedPost,
  type ImportedUser,
  type SkippedItem,
} from './types';
import { attribute, child, ImportRefused, list, parseDate, text, type XmlNode } from './xml';

// WordPress eXtended RSS (WXR 1.0–1.2), what Tools → Export writes.

const arrays = new Set([
  'item',
  'wp:author',
  'wp:category',
  'wp:tag',
  'wp:term',
  'wp:comment',
  'wp:postmeta',
  'category',
]);
export const wordpressArrays: ReadonlySet<string> = arrays;

function meta(item: unknown, key: string): string {
  const entry = list(child(item, 'wp:postmeta')).find((row) => text(child(row, 'wp:meta_key')) === key);
  return text(child(entry, 'wp:meta_value'));
}

function userOf(node: unknown): ImportedUser | null {
  const login = text(child(node, 'wp:author_login')).trim();
  if (!login) return null;
  const email = text(child(node, 'wp:author_email')).trim().toLowerCase();
  const name = text(child(node, 'wp:author_display_name')).trim() || login;
  return { externalId: login, email: email || null, name: plainTitle(name), login };
}

function commentsOf(item: unknown, postTitle: string, skipped: SkippedItem[]): ImportedComment[] {
  const result: ImportedComment[] = [];
  for (const node of list(child(item, 'wp:comment'))) {
    const id = text(child(node, 'wp:comment_id')).trim();
    const approved = text(child(node, 'wp:comment_approved')).trim();
    const type = text(child(node, 'wp:comment_type')).trim();
    const what = `Comment ${id} on “${postTitle}”`;
    if (!id) continue;
    if (approved === 'spam' || approved === 'trash') {
      skipped.push({ item: what, reason: `marked ${approved} in WordPress` });
      continue;
    }
    if (type === 'pingback' || type === 'trackback') {
      skipped.push({ item: what, reason: `a ${type}, which Quire does not show` });
      continue;
    }
    const parent = text(child(node, 'wp:comment_parent')).trim();
    const url = text(child(node, 'wp:comment_author_url')).trim();
    result.push({
      externalId: id,
      parentExternalId: parent && parent !== '0' ? parent : null,
      authorName: plainTitle(text(child(node, 'wp:comment_author'))) || 'Anonymous',
      authorEmail: text(child(node, 'wp:comment_author_email')).trim().toLowerCase() || null,
      authorUrl: /^https?:\/\//i.test(url) ? url.slice(0, 500) : null,
      createdAt:
        parseDate(text(child(node, 'wp:comment_date_gmt')), { utc: true }) ??
        parseDate(text(child(node, 'wp:comment_date')), { utc: true }) ??
        new Date(0),
      markdown: htmlToMarkdown(text(child(node, 'wp:comment_content'))) || '…',
      status: approved === '1' ? 'visible' : 'pending',
    });
  }
  return result;
}

/**
 * What recognises an item on a second import: its wp:post_id, else (minimal exports have none) its
 * guid, else its link. Derived ids carry a prefix so they never meet a real post id.
 */
function externalIdOf(item: unknown): { externalId: string; wordpressId: string | null } | null {
  const wordpressId = text(child(item, 'wp:post_id')).trim();
  if (/^\d+$/.test(wordpressId)) return { externalId: wordpressId, wordpressId };
  const guid = text(child(item, 'guid')).trim();
  if (guid) return { externalId: `guid:${guid.slice(0, 500)}`, wordpressId: null };
  const link = text(child(item, 'link')).trim();
  if (link) return { externalId: `link:${link.slice(0, 500)}`, wordpressId: null };
  return null;
}

/**
 * An RSS pubDate (`Thu, 03 Oct 2024 08:15:00 +0000`), used when the wp: dates are missing. WordPress
 * writes `Mon, 30 Nov -0001` for drafts that never had a date: no year before 1900 is believed.
 */
function parsePubDate(value: string): Date | null {
  const date = parseDate(value);
  return date && date.getUTCFullYear() >= 1900 ? date : null;
}

export function parseWordPress(document: XmlNode): ImportBundle {
  const channel = child(child(document, 'rss'), 'channel');
  if (!channel || typeof channel !== 'object') throw new ImportRefused('The file is RSS but has no channel.');
  if (child(channel, 'wp:wxr_version') === undefined) {
    throw new ImportRefused('The file is an RSS feed, not a WordPress export (it has no wp:wxr_version).');
  }
  const site = (text(child(channel, 'wp:base_blog_url')) || text(child(channel, 'link'))).trim() || 'wordpress';
  const users = list(child(channel, 'wp:author')).flatMap((node) => userOf(node) ?? []);
  const items = list(child(channel, 'item'));
  const skipped: SkippedItem[] = [];

  const attachments = new Map<string, GalleryImage & { parent: string }>();
  for (const item of items) {
    if (text(child(item, 'wp:post_type')) !== 'attachment') continue;
    const url = text(child(item, 'wp:attachment_url')).trim();
    if (!/^https?:\/\//i.test(url)) continue;
    attachments.set(text(child(item, 'wp:post_id')).trim(), {
      url,
      alt: plainTitle(meta(item, '_wp_attachment_image_alt') || text(child(item, 'title'))),
      parent: text(child(item, 'wp:post_parent')).trim(),
    });
  }

  const posts: ImportedPost[] = [];
  const externalIds = new Set<string>();
  for (const item of items) {
    // Minimal exports (other tools, hand-made files) often leave out the post type: then it is a post.
    const type = text(child(item, 'wp:post_type')).trim() || 'post';
    const title = plainTitle(text(child(item, 'title'))) || '(untitled)';
    if (type !== 'post' && type !== 'page') continue;
    const id = externalIdOf(item);
    const what = [type === 'page' ? 'Page' : 'Post', id?.wordpressId, `“${title}”`].filter(Boolean).join(' ');
    const wpStatus = text(child(item, 'wp:status')).trim();
    if (!id) {
      skipped.push({ item: what, reason: 'it has no wp:post_id, guid or link to recognise it by on a second import' });
      continue;
    }
    if (externalIds.has(id.externalId)) {
      skipped.push({ item: what, reason: 'another item in the file has the same id, guid or link' });
      continue;
    }
    externalIds.add(id.externalId);
    if (wpStatus === 'trash' || wpStatus === 'auto-draft' || wpStatus === 'inherit') {
      skipped.push({ item: what, reason: `its WordPress status is ${wpStatus}` });
      continue;
    }
    const password = text(child(item, 'wp:post_password')).trim();
    let status: ImportedPost['status'] =
      wpStatus === 'publish' ? 'published' : wpStatus === 'future' ? 'scheduled' : 'draft';
    if (password && status !== 'draft') {
      status = 'draft';
      skipped.push({ item: what, reason: 'password-protected in WordPress: imported as a draft, not published' });
    }
    // pubDate carries its time zone, so it comes before wp:post_date (local time, zone unknown).
    const date =
      parseDate(text(child(item, 'wp:post_date_gmt')), { utc: true }) ??
      parsePubDate(text(child(item, 'pubDate'))) ??
      parseDate(text(child(item, 'wp:post_date')), { utc: true });
    if (!date && status !== 'draft') {
      status = 'draft';
      skipped.push({ item: what, reason: 'it has no date: imported as a draft' });
    }
    const modified =
      parseDate(text(child(item, 'wp:post_modified_gmt')), { utc: true }) ??
      parseDate(text(child(item, 'wp:post_modified')), { utc: true });
    const postName = (() => {
      const raw = text(child(item, 'wp:post_name')).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    })();
    const slug = toSlug(postName || title);
    const labels = new Set<string>();
    for (const category of list(child(item, 'category'))) {
      const domain = attribute(category, 'domain');
      if (domain !== 'category' && domain !== 'post_tag') continue;
      const name = plainTitle(text(category));
      if (name) labels.add(name.slice(0, 60));
    }
    const oldPaths = new Set<string>(
      id.wordpressId ? [`/?${type === 'page' ? 'page_id' : 'p'}=${id.wordpressId}`] : [],
    );
    const link = normalizeOldPath(text(child(item, 'link')));
    if (link && link !== '/' && status === 'published') oldPaths.add(link);
    if (date && postName && type === 'post') {
      const [year, month, day] = date.toISOString().slice(0, 10).split('-');
      oldPaths.add(`/${year}/${month}/${day}/${postName}`);
    }
    const thumbnail = attachments.get(meta(item, '_thumbnail_id'));
    const childImages = [...attachments.values()].filter(
      (attachment) => id.wordpressId && attachment.parent === id.wordpressId,
    );
    const excerptHtml = text(child(item, 'excerpt:encoded'));
    posts.push({
      externalId: id.externalId,
      kind: type === 'page' ? 'page' : 'post',
      title,
      slug,
      status,
      publishedAt: status === 'draft' ? null : date,
      updatedAt: modified && date && modified.getTime() > date.getTime() + 60_000 ? modified : null,
      authorExternalId: text(child(item, 'dc:creator')).trim() || null,
      labels: [...labels],
      excerpt: plainTitle(excerptHtml.replace(/<[^>]*>/g, ' ')).slice(0, 300),
      markdown: htmlToMarkdown(text(child(item, 'content:encoded')), { attachments, childImages }),
      coverImage: thumbnail?.url ?? null,
      commentsOpen: text(child(item, 'wp:comment_status')).trim() !== 'closed',
      oldPaths: [...oldPaths],
      comments: commentsOf(item, title, skipped),
    });
  }
  return { format: 'wordpress', site, users, posts, threads: [], skipped };
}
