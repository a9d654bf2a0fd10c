import 'server-only';
import { createHash } from 'node:crypto';
import {
  addRedirectIfFree,
  commentExists,
  findImportItem,
  findPostIdByOldPath,
  findUserIdByEmail,
  getAccountByEmail,
  getAccountHandleAndRole,
  getPostRow,
  inImportBatch,
  insertImportedAuthor,
  insertImportedComment,
  insertImportedPost,
  listPostLabelIds,
  recordImportItem,
  replaceImportedPostLabels,
  undoImport,
  updateImportedCommentBody,
  updateImportedPost,
  userExists,
  type ImportUndo,
} from '@/db/queries/imports';
import { choosePostSlug, excerptFrom, type Transaction } from '@/db/queries/posts';
import { getFirstAdminId } from '@/db/queries/users';
import { imageLookupFor } from '@/lib/server/images';
import type { ImportKind } from '@/db/schema';
import { siteUrl } from '@/lib/server/env';
import { renderCommentMarkdown, renderPostMarkdown } from '@/lib/policies/markdown';
import { freeHandle, labelFromName, uniqueSlug } from '@/lib/policies/slug';
import {
  normalizeOldPath,
  type ImportBundle,
  type ImportedComment,
  type ImportedPost,
  type ImportProgress,
  type ImportReport,
} from './types';

/** Why a post changed in Quire since its import is not updated from a newer export. */
const EDITED_SINCE_IMPORT = 'edited in Quire since it was imported; Quire’s version was kept';

// Writes an importer's bundle into the database: in batches, one transaction each, yielding to the
// server between them so it keeps serving. Every row is keyed by the other platform's id, so a second
// run of the same file creates nothing twice. When a batch fails, what the earlier batches of this
// run wrote is undone, so a failed import leaves nothing half done.

const BATCH_SIZE = 10;

export const PAGE_COMMENT_REASON = 'it is on a page, and pages have no comments in Quire';

/** The Imported account's address: `.invalid` is reserved (RFC 2606), so no mail can ever reach it. */
function importedAuthorEmail(): string {
  return `imported@${new URL(siteUrl()).hostname}.invalid`;
}

function checksum(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

class Importer {
  readonly report: ImportReport;
  private readonly source: string;
  private readonly userIds = new Map<string, string>();
  private readonly usersByEmail = new Map<string, string | null>();
  private fallbackAuthorId: string | null = null;
  private fallbackIsImported = false;
  private postsGivenToImported = 0;
  private importedHandle = '';
  /** What this run wrote, so a failure can take it back. */
  readonly undo: ImportUndo = {
    posts: [],
    comments: [],
    users: [],
    labels: [],
    redirects: [],
    items: [],
    updatedPosts: [],
  };

  constructor(
    private readonly bundle: ImportBundle,
    private readonly defaultAuthorId: string | null,
  ) {
    this.source = `${bundle.format}:${bundle.site}`;
    this.report = {
      format: bundle.format,
      site: bundle.site,
      created: { users: 0, posts: 0, comments: 0, redirects: 0 },
      updated: { posts: 0, comments: 0 },
      skipped: [...bundle.skipped],
      notices: [],
    };
  }

  private skip(item: string, reason: string) {
    this.report.skipped.push({ item, reason });
  }

  private async record(
    tx: Transaction,
    kind: ImportKind,
    externalId: string,
    localId: string,
    sum: string,
    version?: number,
  ) {
    const key = { source: this.source, kind, externalId };
    if (!(await findImportItem(tx, key))) this.undo.items.push(key);
    await recordImportItem(tx, { ...key, localId, checksum: sum, localVersion: version ?? null });
  }

  private async userIdByEmail(tx: Transaction, email: string | null): Promise<string | null> {
    if (!email) return null;
    if (!this.usersByEmail.has(email)) {
      this.usersByEmail.set(email, await findUserIdByEmail(tx, email));
    }
    return this.usersByEmail.get(email) ?? null;
  }

  async importUsers(tx: Transaction) {
    for (const user of this.bundle.users) {
      const known = await findImportItem(tx, { source: this.source, kind: 'user', externalId: user.externalId });
      if (known && (await userExists(tx, known.localId))) {
        this.userIds.set(user.externalId, known.localId);
        continue;
      }
      const existing = await this.userIdByEmail(tx, user.email);
      if (existing) {
        const account = await getAccountHandleAndRole(tx, existing);
        if (account?.role === 'reader') {
          // Their posts are theirs, but a reader cannot edit them; changing a role is an admin's decision.
          this.report.notices.push(
            `${user.name} was matched by email to the existing account @${account.handle}, a reader: make it an author at /admin/users so they can edit their imported posts.`,
          );
        }
        this.userIds.set(user.externalId, existing);
        await this.record(tx, 'user', user.externalId, existing, '');
        continue;
      }
      const created = await insertImportedAuthor(tx, {
        name: user.name,
        email: user.email,
        chooseHandle: (isTaken) => freeHandle(user.login || user.name, isTaken),
      });
      this.undo.users.push(created.id);
      if (user.email) this.usersByEmail.set(user.email, created.id);
      this.userIds.set(user.externalId, created.id);
      await this.record(tx, 'user', user.externalId, created.id, '');
      this.report.created.users += 1;
    }
  }

  private async authorFor(tx: Transaction, post: ImportedPost): Promise<string> {
    const id = post.authorExternalId ? this.userIds.get(post.authorExternalId) : undefined;
    if (id) return id;
    if (this.defaultAuthorId) return this.defaultAuthorId;
    if (!this.fallbackAuthorId) {
      const adminId = await getFirstAdminId(tx);
      this.fallbackIsImported = !adminId;
      this.fallbackAuthorId = adminId ?? (await this.importedAuthor(tx));
    }
    if (this.fallbackIsImported) this.postsGivenToImported += 1;
    return this.fallbackAuthorId;
  }

  /**
   * The account that holds posts nobody else can (unknown author, no admin yet: a CLI import into an
   * empty blog), so nothing is lost. One per site, found again by its email: it has no password and an
   * address that can never receive mail, so it cannot sign in until an admin hands the posts over.
   */
  private async importedAuthor(tx: Transaction): Promise<string> {
    const email = importedAuthorEmail();
    const existing = await getAccountByEmail(tx, email);
    const account =
      existing ??
      (await insertImportedAuthor(tx, {
        name: 'Imported',
        email,
        chooseHandle: (isTaken) => freeHandle('imported', isTaken),
      }));
    if (!existing) {
      this.undo.users.push(account.id);
      this.report.created.users += 1;
    }
    this.importedHandle = account.handle;
    return account.id;
  }

  private async postValues(post: ImportedPost) {
    const rendered = renderPostMarkdown(post.markdown, await imageLookupFor(post.markdown));
    return {
      kind: post.kind,
      title: post.title,
      bodyMarkdown: post.markdown,
      bodyHtml: rendered.html,
      bodyText: rendered.text,
      readingMinutes: rendered.readingMinutes,
      customExcerpt: post.excerpt,
      excerpt: post.excerpt || excerptFrom(rendered.lead || rendered.text.replace(/\s+/g, ' ')),
      coverImage: post.coverImage,
      status: post.status,
      publishedAt: post.publishedAt,
      updatedAt: post.updatedAt,
      commentsOpen: post.kind === 'page' ? false : post.commentsOpen,
    };
  }

  private async setLabels(tx: Transaction, postId: number, names: string[]) {
    this.undo.labels.push(...(await replaceImportedPostLabels(tx, postId, names.map(labelFromName))));
  }

  private async addRedirects(tx: Transaction, postId: number, paths: string[]) {
    for (const path of paths) {
      if (!(await addRedirectIfFree(tx, path, postId))) continue;
      this.undo.redirects.push(path);
      this.report.created.redirects += 1;
    }
  }

  async importPost(tx: Transaction, post: ImportedPost, now: Date) {
    const what = `${post.kind === 'page' ? 'Page' : 'Post'} “${post.title}”`;
    const { comments: postComments, ...content } = post;
    const sum = checksum(content);
    const known = await findImportItem(tx, { source: this.source, kind: 'post', externalId: post.externalId });
    const existing = known ? await getPostRow(tx, Number(known.localId)) : null;
    let postId: number;
    if (known && !existing) {
      this.skip(what, 'deleted in Quire since it was imported; not imported again');
      return;
    } else if (existing && known) {
      postId = existing.id;
      if (known.checksum === sum) {
        this.skip(what, 'already imported and unchanged');
      } else if (known.localVersion !== null && existing.version !== known.localVersion) {
        this.skip(what, EDITED_SINCE_IMPORT);
      } else {
        const labelIds = await listPostLabelIds(tx, postId);
        const version = existing.version + 1;
        if (await updateImportedPost(tx, postId, { ...(await this.postValues(post)), version, editedAt: now })) {
          this.undo.updatedPosts.push({ row: existing, labelIds, item: known });
          await this.setLabels(tx, postId, post.labels);
          await this.record(tx, 'post', post.externalId, String(postId), sum, version);
          this.report.updated.posts += 1;
        } else {
          // Saved in the editor while this batch ran (PostgreSQL runs the two side by side).
          this.skip(what, EDITED_SINCE_IMPORT);
        }
      }
    } else {
      const authorId = await this.authorFor(tx, post);
      const slug = await choosePostSlug(tx, (isTaken) => uniqueSlug(post.slug, isTaken));
      const inserted = await insertImportedPost(tx, {
        ...(await this.postValues(post)),
        slug,
        slugAuto: false,
        authorId,
        createdAt: post.publishedAt ?? now,
        editedAt: post.updatedAt ?? post.publishedAt ?? now,
      });
      postId = inserted.id;
      this.undo.posts.push(postId);
      await this.setLabels(tx, postId, post.labels);
      await this.record(tx, 'post', post.externalId, String(postId), sum, inserted.version);
      this.report.created.posts += 1;
    }
    await this.addRedirects(tx, postId, post.oldPaths);
    if (post.kind === 'page') this.skipPageComments(post.title, postComments);
    else await this.importComments(tx, postId, post.title, postComments);
  }

  /** Quire's pages have no comments (they are the About page, not a conversation): listed, not imported. */
  private skipPageComments(pageTitle: string, list: ImportedComment[]) {
    for (const comment of list) {
      this.skip(`Comment ${comment.externalId} on “${pageTitle}”`, PAGE_COMMENT_REASON);
    }
  }

  /** Comments of one post, parents before replies; a reply whose parent was skipped moves up. */
  async importComments(tx: Transaction, postId: number, postTitle: string, list: ImportedComment[]) {
    const byId = new Map(list.map((comment) => [comment.externalId, comment]));
    const localIds = new Map<string, number>();
    const localIdOf = async (externalId: string): Promise<number | null> => {
      if (localIds.has(externalId)) return localIds.get(externalId)!;
      const known = await findImportItem(tx, { source: this.source, kind: 'comment', externalId });
      return known ? Number(known.localId) : null;
    };
    const ordered = [...list].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const depthOf = (comment: ImportedComment, seen = new Set<string>()): number => {
      const parent = comment.parentExternalId ? byId.get(comment.parentExternalId) : undefined;
      if (!parent || seen.has(parent.externalId)) return 0;
      seen.add(parent.externalId);
      return 1 + depthOf(parent, seen);
    };
    ordered.sort((a, b) => depthOf(a) - depthOf(b));
    for (const comment of ordered) {
      const sum = checksum(comment);
      const known = await findImportItem(tx, { source: this.source, kind: 'comment', externalId: comment.externalId });
      const what = `Comment ${comment.externalId} on “${postTitle}”`;
      if (known) {
        const localId = Number(known.localId);
        if (!(await commentExists(tx, localId))) {
          this.skip(what, 'deleted in Quire since it was imported; not imported again');
          continue;
        }
        localIds.set(comment.externalId, localId);
        if (known.checksum === sum) continue;
        const rendered = renderCommentMarkdown(comment.markdown);
        await updateImportedCommentBody(tx, localId, { bodyMarkdown: comment.markdown, bodyHtml: rendered.html });
        await this.record(tx, 'comment', comment.externalId, String(localId), sum);
        this.report.updated.comments += 1;
        continue;
      }
      // The nearest ancestor that exists here: a parent skipped as spam leaves its replies one level up.
      let parentId: number | null = null;
      let parentKey = comment.parentExternalId;
      const seen = new Set<string>();
      while (parentKey && parentId === null && !seen.has(parentKey)) {
        seen.add(parentKey);
        parentId = await localIdOf(parentKey);
        parentKey = byId.get(parentKey)?.parentExternalId ?? null;
      }
      const rendered = renderCommentMarkdown(comment.markdown);
      const insertedId = await insertImportedComment(tx, {
        postId,
        parentId,
        authorId: await this.userIdByEmail(tx, comment.authorEmail),
        authorName: comment.authorName,
        authorEmail: comment.authorEmail,
        authorUrl: comment.authorUrl,
        bodyMarkdown: comment.markdown,
        bodyHtml: rendered.html,
        status: comment.status,
        heldReason: comment.status === 'pending' ? 'Held on the old site, waiting for approval' : null,
        createdAt: comment.createdAt,
      });
      this.undo.comments.push(insertedId);
      localIds.set(comment.externalId, insertedId);
      await this.record(tx, 'comment', comment.externalId, String(insertedId), sum);
      this.report.created.comments += 1;
    }
  }

  async importThread(
    tx: Transaction,
    thread: ImportBundle['threads'][number],
    findPost: (url: string) => Promise<number | null>,
  ) {
    const postId = await findPost(thread.url);
    const what = `Thread “${thread.title || thread.url}” (${thread.comments.length} comment${thread.comments.length === 1 ? '' : 's'})`;
    if (postId === null) {
      this.skip(what, `no imported or Quire post answers at ${thread.url}`);
      return;
    }
    if ((await getPostRow(tx, postId))?.kind === 'page') {
      this.skip(what, PAGE_COMMENT_REASON);
      return;
    }
    await this.importComments(tx, postId, thread.title || thread.url, thread.comments);
  }

  /** What the person should know once every batch is written. */
  finish(): ImportReport {
    if (this.postsGivenToImported > 0) {
      const count = this.postsGivenToImported;
      this.report.notices.push(
        `${count} post${count === 1 ? '' : 's'} had an author missing from the file and Quire had no admin account yet, so ${count === 1 ? 'it was' : 'they were'} given to the author account @${this.importedHandle} (“Imported”, no password, an address that receives no mail). Nothing was left out.`,
      );
    }
    return this.report;
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export type ApplyOptions = {
  onProgress?: ImportProgress;
  /** Who owns imported posts whose author is not in the file (the person running the import). */
  defaultAuthorId?: string | null;
  now?: Date;
  batchSize?: number;
};

/** How many steps the import takes, for progress: one per user set, post and thread. */
export function importSteps(bundle: ImportBundle): number {
  return 1 + bundle.posts.length + bundle.threads.length;
}

export async function applyImport(bundle: ImportBundle, options: ApplyOptions = {}): Promise<ImportReport> {
  const importer = new Importer(bundle, options.defaultAuthorId ?? null);
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const total = importSteps(bundle);
  let done = 0;
  const findPost = async (url: string): Promise<number | null> => {
    const path = normalizeOldPath(url);
    if (!path) return null;
    return findPostIdByOldPath({ path, slug: /^\/posts\/([^/?]+)$/.exec(path)?.[1] ?? null });
  };
  type Step = (tx: Transaction) => Promise<void>;
  const steps: Step[] = [
    (tx) => importer.importUsers(tx),
    ...bundle.posts.map(
      (post): Step =>
        (tx) =>
          importer.importPost(tx, post, now),
    ),
    ...bundle.threads.map(
      (thread): Step =>
        (tx) =>
          importer.importThread(tx, thread, findPost),
    ),
  ];
  try {
    for (let start = 0; start < steps.length; start += batchSize) {
      const batch = steps.slice(start, start + batchSize);
      await inImportBatch(async (tx) => {
        for (const step of batch) await step(tx);
      });
      done += batch.length;
      await options.onProgress?.(done, total);
      await nextTick();
    }
  } catch (error) {
    await undoImport(importer.undo);
    throw error;
  }
  return importer.finish();
}
