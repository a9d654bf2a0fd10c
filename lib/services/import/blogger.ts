import { toSlug } from '@/lib/policies/slug';
import { htmlToMarkdown } from './html-to-markdown';
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

// Blogger's "Back up content" file: an Atom feed of the blog's posts, pages and comments. Both
// shapes are read: the current one (blogger:type, blogger:status, blogger:filename, blogger:parent)
// and the older one (kind categories, app:draft, thr:in-reply-to).

export const bloggerArrays: ReadonlySet<string> = new Set(['entry', 'category', 'link']);

const KIND_SCHEME = 'http://schemas.google.com/g/2005#kind';
const NO_REPLY = 'noreply@blogger.com';

type Kind = 'post' | 'page' | 'comment' | 'other';

function kindOf(entry: unknown): Kind {
  const type = text(child(entry, 'blogger:type')).trim().toLowerCase();
  if (type) return type === 'post' || type === 'page' || type === 'comment' ? type : 'other';
  const category = list(child(entry, 'category')).find((node) => attribute(node, 'scheme') === KIND_SCHEME);
  const term = attribute(category, 'term');
  if (term.endsWith('#post')) return 'post';
  if (term.endsWith('#page')) return 'page';
  if (term.endsWith('#comment')) return 'comment';
  return 'other';
}

function alternateLink(entry: unknown): string {
  const link = list(child(entry, 'link')).find(
    (node) => attribute(node, 'rel') === 'alternate' && (attribute(node, 'type') || 'text/html') === 'text/html',
  );
  return attribute(link, 'href');
}

function authorOf(entry: unknown): { name: string; email: string | null; uri: string | null } {
  const author = child(entry, 'author');
  const email = text(child(author, 'email')).trim().toLowerCase();
  const uri = text(child(author, 'uri')).trim();
  return {
    name: plainTitle(text(child(author, 'name'))) || 'Anonymous',
    email: email && email !== NO_REPLY ? email : null,
    uri: /^https?:\/\//i.test(uri) ? uri.slice(0, 500) : null,
  };
}

/** The post id inside a Blogger id such as `tag:blogger.com,1999:blog-123.post-456`. */
function shortId(id: string): string {
  return /(?:post|page|comment)-(\d+)$/.exec(id.trim())?.[1] ?? id.trim();
}

export function parseBlogger(document: XmlNode): ImportBundle {
  const feed = child(document, 'feed');
  if (!feed || typeof feed !== 'object') throw new ImportRefused('The file has no Atom feed element.');
  const blogId = text(child(feed, 'id')).trim();
  if (!/blogger|blog-\d+/i.test(blogId) && !('@xmlns:blogger' in (feed as XmlNode))) {
    throw new ImportRefused('The file is an Atom feed, but not a Blogger backup.');
  }
  const entries = list(child(feed, 'entry'));
  const skipped: SkippedItem[] = [];
  const users = new Map<string, ImportedUser>();
  const posts = new Map<string, ImportedPost>();
  const comments: { postId: string; comment: ImportedComment }[] = [];

  for (const entry of entries) {
    const kind = kindOf(entry);
    const id = shortId(text(child(entry, 'id')));
    const title = plainTitle(text(child(entry, 'title'))) || '(untitled)';
    const published = parseDate(text(child(entry, 'published')));
    const updated = parseDate(text(child(entry, 'updated')));
    const body = text(child(entry, 'content'));
    if (kind === 'other') continue;
    if (kind === 'comment') {
      const parentPost = text(child(entry, 'blogger:parent')) || attribute(child(entry, 'thr:in-reply-to'), 'ref');
      const inReplyTo = text(child(entry, 'blogger:inReplyTo')).trim();
      const related = list(child(entry, 'link')).find((node) => attribute(node, 'rel') === 'related');
      const parentComment = inReplyTo || /comments\/default\/(\d+)/.exec(attribute(related, 'href'))?.[1] || '';
      const status = text(child(entry, 'blogger:status')).trim().toUpperCase();
      if (status && status !== 'LIVE') {
        skipped.push({ item: `Comment ${id}`, reason: `its Blogger status is ${status.toLowerCase()}` });
        continue;
      }
      const author = authorOf(entry);
      comments.push({
        postId: shortId(parentPost),
        comment: {
          externalId: id,
          parentExternalId: parentComment ? shortId(parentComment) : null,
          authorName: author.name,
          authorEmail: author.email,
          authorUrl: author.uri,
          createdAt: published ?? updated ?? new Date(0),
          markdown: htmlToMarkdown(body) || '…',
          status: 'visible',
        },
      });
      continue;
    }
    const what = `${kind === 'page' ? 'Page' : 'Post'} ${id} “${title}”`;
    const bloggerStatus = text(child(entry, 'blogger:status')).trim().toUpperCase();
    const draft = text(child(child(entry, 'app:control'), 'app:draft')).trim() === 'yes';
    if (bloggerStatus === 'SOFT_TRASHED' || bloggerStatus === 'DELETED') {
      skipped.push({ item: what, reason: 'in the Blogger trash' });
      continue;
    }
    let status: ImportedPost['status'] =
      bloggerStatus === 'DRAFT' || draft ? 'draft' : bloggerStatus === 'SCHEDULED' ? 'scheduled' : 'published';
    if (status !== 'draft' && !published) status = 'draft';
    const oldPath = normalizeOldPath(text(child(entry, 'blogger:filename')).trim() || alternateLink(entry) || '') ?? '';
    const fileSlug = /\/([^/]+?)(?:\.html)?$/.exec(oldPath)?.[1] ?? '';
    const author = authorOf(entry);
    const authorKey = author.email ?? author.name;
    if (!users.has(authorKey)) {
      users.set(authorKey, { externalId: authorKey, email: author.email, name: author.name, login: author.name });
    }
    const labels = list(child(entry, 'category'))
      .filter((node) => attribute(node, 'scheme') !== KIND_SCHEME)
      .map((node) => plainTitle(attribute(node, 'term')).slice(0, 60))
      .filter(Boolean);
    posts.set(id, {
      externalId: id,
      kind: kind === 'page' ? 'page' : 'post',
      title,
      slug: toSlug(fileSlug || title),
      status,
      publishedAt: status === 'draft' ? null : published,
      updatedAt: updated && published && updated.getTime() > published.getTime() + 60_000 ? updated : null,
      authorExternalId: authorKey,
      labels: [...new Set(labels)],
      excerpt: '',
      markdown: htmlToMarkdown(body),
      coverImage: null,
      commentsOpen: true,
      oldPaths: oldPath && oldPath !== '/' && status !== 'draft' ? [oldPath] : [],
      comments: [],
    });
  }
  for (const { postId, comment } of comments) {
    const post = posts.get(postId);
    if (post) post.comments.push(comment);
    else skipped.push({ item: `Comment ${comment.externalId}`, reason: 'its post is not in the file' });
  }
  return {
    format: 'blogger',
    site: blogId || 'blogger',
    users: [...users.values()],
    posts: [...posts.values()],
    threads: [],
    skipped,
  };
}
