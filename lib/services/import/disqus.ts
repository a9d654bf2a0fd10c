import { htmlToMarkdown } from './html-to-markdown';
import { plainTitle, type ImportBundle, type ImportedThread, type SkippedItem } from './types';
import { attribute, child, ImportRefused, list, parseDate, text, type XmlNode } from './xml';

// Disqus's comment export (Admin → Moderate → Export): threads (one per page of the old site, with
// its address) and posts (the comments, each naming its thread and parent).

export const disqusArrays: ReadonlySet<string> = new Set(['thread', 'post', 'category']);

function truthy(node: unknown): boolean {
  return text(node).trim().toLowerCase() === 'true';
}

export function parseDisqus(document: XmlNode): ImportBundle {
  const root = child(document, 'disqus');
  if (!root || typeof root !== 'object') throw new ImportRefused('The file has no disqus element.');
  const skipped: SkippedItem[] = [];
  const threads = new Map<string, ImportedThread>();
  let forum = '';
  for (const node of list(child(root, 'thread'))) {
    const id = attribute(node, 'dsq:id').trim();
    const url = text(child(node, 'link')).trim();
    forum ||= text(child(node, 'forum')).trim();
    if (!id) continue;
    threads.set(id, { externalId: id, url, title: plainTitle(text(child(node, 'title'))), comments: [] });
  }
  for (const node of list(child(root, 'post'))) {
    const id = attribute(node, 'dsq:id').trim();
    if (!id) continue;
    if (truthy(child(node, 'isSpam')) || truthy(child(node, 'isDeleted'))) {
      skipped.push({
        item: `Disqus comment ${id}`,
        reason: truthy(child(node, 'isSpam')) ? 'marked spam in Disqus' : 'deleted in Disqus',
      });
      continue;
    }
    const thread = threads.get(attribute(child(node, 'thread'), 'dsq:id').trim());
    if (!thread) {
      skipped.push({ item: `Disqus comment ${id}`, reason: 'its thread is not in the file' });
      continue;
    }
    const author = child(node, 'author');
    const email = text(child(author, 'email')).trim().toLowerCase();
    const parent = attribute(child(node, 'parent'), 'dsq:id').trim();
    thread.comments.push({
      externalId: id,
      parentExternalId: parent || null,
      authorName: plainTitle(text(child(author, 'name')) || text(child(author, 'username'))) || 'Anonymous',
      authorEmail: email || null,
      authorUrl: null,
      createdAt: parseDate(text(child(node, 'createdAt'))) ?? new Date(0),
      markdown: htmlToMarkdown(text(child(node, 'message'))) || '…',
      status: truthy(child(node, 'isApproved')) || child(node, 'isApproved') === undefined ? 'visible' : 'pending',
    });
  }
  return {
    format: 'disqus',
    site: forum || 'disqus',
    users: [],
    posts: [],
    threads: [...threads.values()].filter((thread) => thread.comments.length > 0),
    skipped,
  };
}
