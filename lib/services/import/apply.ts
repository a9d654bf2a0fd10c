import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { deleteImportItem, findImportItem, recordImportItem } from '@/db/queries/imports';
import { ensureLabel, excerptFrom, type Transaction } from '@/db/queries/posts';
import { freeHandle, getFirstAdminId } from '@/db/queries/users';
import { imageLookupFor } from '@/db/queries/uploads';
import { comments, labels, postLabels, postRedirects, posts, users, type ImportKind, type Post } from '@/db/schema';
import { siteUrl } from '@/lib/server/env';
import { renderCommentMarkdown, renderPostMarkdown } from '@/lib/policies/markdown';
import { uniqueSlug } from '@/lib/policies/slug';
import {
  normalizeOldPath,
  type ImportBundle,
  type ImportedComment,
  type ImportedPost,
  type ImportProgress,
  type ImportReport,
} from './types';

// Writes an importer's bundle into the database: in batches, one transaction each, yielding to the
// server between them so it keeps serving. Every row is keyed by the other platform's id, so a second
// run of the same file creates nothing twice. When a batch fails, what the earlier batches of this
// run wrote is undone, so a failed import leaves nothing half done.

const BATCH_SIZE = 10;

/** The Imported account's address: `.invalid` is reserved (RFC 2606), so no mail can ever reach it. */
function importedAuthorEmail(): string {
  return `imported@${new URL(siteUrl()).hostname}.invalid`;
}

function checksum(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

/** What this run wrote, so a failure can take it back. */
type Undo = {
  posts: number[];
  comments: number[];
  users: string[];
  labels: number[];
  redirects: string[];
  items: { source: string; kind: ImportKind; externalId: string }[];
  updatedPosts: { row: Post; labelIds: number[] }[];
};

class Importer {
  readonly report: ImportReport;
  private readonly source: string;
  private readonly userIds = new Map<string, string>();
  private readonly usersByEmail = new Map<string, string | null>();
  private fallbackAuthorId: string | null = null;
  private fallbackIsImported = false;
  private postsGivenToImported = 0;
  private importedHandle = '';
  readonly undo: Undo = { posts: [], comments: [], users: [], labels: [], redirects: [], items: [], updatedPosts: [] };

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

  private record(
    tx: Transaction,
    kind: ImportKind,
    externalId: string,
    localId: string,
    sum: string,
    version?: number,
  ) {
    const key = { source: this.source, kind, externalId };
    if (!findImportItem(tx, key)) this.undo.items.push(key);
    recordImportItem(tx, { ...key, localId, checksum: sum, localVersion: version ?? null });
  }

  private userIdByEmail(tx: Transaction, email: string | null): string | null {
    if (!email) return null;
    if (!this.usersByEmail.has(email)) {
      const row = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
      this.usersByEmail.set(email, row?.id ?? null);
    }
    return this.usersByEmail.get(email) ?? null;
  }

  importUsers(tx: Transaction) {
    for (const user of this.bundle.users) {
      const known = findImportItem(tx, { source: this.source, kind: 'user', externalId: user.externalId });
      if (known && tx.select({ id: users.id }).from(users).where(eq(users.id, known.localId)).get()) {
        this.userIds.set(user.externalId, known.localId);
        continue;
      }
      const existing = this.userIdByEmail(tx, user.email);
      if (existing) {
        const account = tx
          .select({ handle: users.handle, role: users.role })
          .from(users)
          .where(eq(users.id, existing))
          .get();
        if (account?.role === 'reader') {
          // Their posts are theirs, but a reader cannot edit them; changing a role is an admin's decision.
          this.report.notices.push(
            `${user.name} was matched by email to the existing account @${account.handle}, a reader: make it an author at /admin/users so they can edit their imported posts.`,
          );
        }
        this.userIds.set(user.externalId, existing);
        this.record(tx, 'user', user.externalId, existing, '');
        continue;
      }
      const created = tx
        .insert(users)
        .values({
          name: user.name,
          email: user.email,
          handle: freeHandle(user.login || user.name),
          role: 'author',
          passwordHash: null,
        })
        .returning({ id: users.id })
        .get();
      this.undo.users.push(created.id);
      if (user.email) this.usersByEmail.set(user.email, created.id);
      this.userIds.set(user.externalId, created.id);
      this.record(tx, 'user', user.externalId, created.id, '');
      this.report.created.users += 1;
    }
  }

  private authorFor(tx: Transaction, post: ImportedPost): string {
    const id = post.authorExternalId ? this.userIds.get(post.authorExternalId) : undefined;
    if (id) return id;
    if (this.defaultAuthorId) return this.defaultAuthorId;
    if (!this.fallbackAuthorId) {
      const adminId = getFirstAdminId(tx);
      this.fallbackIsImported = !adminId;
      this.fallbackAuthorId = adminId ?? this.importedAuthor(tx);
    }
    if (this.fallbackIsImported) this.postsGivenToImported += 1;
    return this.fallbackAuthorId;
  }

  /**
   * The account that holds posts nobody else can (unknown author, no admin yet: a CLI import into an
   * empty blog), so nothing is lost. One per site, found again by its email: it has no password and an
   * address that can never receive mail, so it cannot sign in until an admin hands the posts over.
   */
  private importedAuthor(tx: Transaction): string {
    const email = importedAuthorEmail();
    const existing = tx.select({ id: users.id, handle: users.handle }).from(users).where(eq(users.email, email)).get();
    const account =
      existing ??
      tx
        .insert(users)
        .values({ name: 'Imported', email, handle: freeHandle('imported'), role: 'author', passwordHash: null })
        .returning({ id: users.id, handle: users.handle })
        .get();
    if (!existing) {
      this.undo.users.push(account.id);
      this.report.created.users += 1;
    }
    this.importedHandle = account.handle;
    return account.id;
  }

  private postValues(post: ImportedPost) {
    const rendered = renderPostMarkdown(post.markdown, imageLookupFor(post.markdown));
    return {
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
      commentsOpen: post.commentsOpen,
    };
  }

  private setLabels(tx: Transaction, postId: number, names: string[]) {
    tx.delete(postLabels).where(eq(postLabels.postId, postId)).run();
    for (const name of names) {
      const before =
        tx
          .select({ count: sql<number>`max(id)` })
          .from(labels)
          .get()?.count ?? 0;
      const labelId = ensureLabel(tx, name);
      if (labelId > before) this.undo.labels.push(labelId);
      tx.insert(postLabels).values({ postId, labelId }).onConflictDoNothing().run();
    }
  }

  private addRedirects(tx: Transaction, postId: number, paths: string[]) {
    for (const path of paths) {
      const existing = tx
        .select({ postId: postRedirects.postId })
        .from(postRedirects)
        .where(eq(postRedirects.path, path))
        .get();
      if (existing) continue;
      tx.insert(postRedirects).values({ path, postId }).run();
      this.undo.redirects.push(path);
      this.report.created.redirects += 1;
    }
  }

  importPost(tx: Transaction, post: ImportedPost, now: Date) {
    const what = `Post “${post.title}”`;
    const { comments: postComments, ...content } = post;
    const sum = checksum(content);
    const known = findImportItem(tx, { source: this.source, kind: 'post', externalId: post.externalId });
    const existing = known
      ? tx
          .select()
          .from(posts)
          .where(eq(posts.id, Number(known.localId)))
          .get()
      : undefined;
    let postId: number;
    if (known && !existing) {
      this.skip(what, 'deleted in Quire since it was imported; not imported again');
      return;
    } else if (existing && known) {
      postId = existing.id;
      if (known.checksum === sum) {
        this.skip(what, 'already imported and unchanged');
      } else if (known.localVersion !== null && existing.version !== known.localVersion) {
        this.skip(what, 'edited in Quire since it was imported; Quire’s version was kept');
      } else {
        const labelIds = tx
          .select({ id: postLabels.labelId })
          .from(postLabels)
          .where(eq(postLabels.postId, postId))
          .all()
          .map((row) => row.id);
        this.undo.updatedPosts.push({ row: existing, labelIds });
        const version = existing.version + 1;
        tx.update(posts)
          .set({ ...this.postValues(post), version, editedAt: now })
          .where(eq(posts.id, postId))
          .run();
        this.setLabels(tx, postId, post.labels);
        this.record(tx, 'post', post.externalId, String(postId), sum, version);
        this.report.updated.posts += 1;
      }
    } else {
      const authorId = this.authorFor(tx, post);
      const slug = uniqueSlug(
        post.slug,
        (candidate) => tx.select({ id: posts.id }).from(posts).where(eq(posts.slug, candidate)).get() !== undefined,
      );
      const inserted = tx
        .insert(posts)
        .values({
          ...this.postValues(post),
          slug,
          slugAuto: false,
          authorId,
          createdAt: post.publishedAt ?? now,
          editedAt: post.updatedAt ?? post.publishedAt ?? now,
        })
        .returning({ id: posts.id, version: posts.version })
        .get();
      postId = inserted.id;
      this.undo.posts.push(postId);
      this.setLabels(tx, postId, post.labels);
      this.record(tx, 'post', post.externalId, String(postId), sum, inserted.version);
      this.report.created.posts += 1;
    }
    this.addRedirects(tx, postId, post.oldPaths);
    this.importComments(tx, postId, post.title, postComments);
  }

  /** Comments of one post, parents before replies; a reply whose parent was skipped moves up. */
  importComments(tx: Transaction, postId: number, postTitle: string, list: ImportedComment[]) {
    const byId = new Map(list.map((comment) => [comment.externalId, comment]));
    const localIds = new Map<string, number>();
    const localIdOf = (externalId: string): number | null => {
      if (localIds.has(externalId)) return localIds.get(externalId)!;
      const known = findImportItem(tx, { source: this.source, kind: 'comment', externalId });
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
      const known = findImportItem(tx, { source: this.source, kind: 'comment', externalId: comment.externalId });
      const what = `Comment ${comment.externalId} on “${postTitle}”`;
      if (known) {
        const row = tx
          .select({ id: comments.id })
          .from(comments)
          .where(eq(comments.id, Number(known.localId)))
          .get();
        if (!row) {
          this.skip(what, 'deleted in Quire since it was imported; not imported again');
          continue;
        }
        localIds.set(comment.externalId, row.id);
        if (known.checksum === sum) continue;
        const rendered = renderCommentMarkdown(comment.markdown);
        tx.update(comments)
          .set({ bodyMarkdown: comment.markdown, bodyHtml: rendered.html })
          .where(eq(comments.id, row.id))
          .run();
        this.record(tx, 'comment', comment.externalId, String(row.id), sum);
        this.report.updated.comments += 1;
        continue;
      }
      // The nearest ancestor that exists here: a parent skipped as spam leaves its replies one level up.
      let parentId: number | null = null;
      let parentKey = comment.parentExternalId;
      const seen = new Set<string>();
      while (parentKey && parentId === null && !seen.has(parentKey)) {
        seen.add(parentKey);
        parentId = localIdOf(parentKey);
        parentKey = byId.get(parentKey)?.parentExternalId ?? null;
      }
      const rendered = renderCommentMarkdown(comment.markdown);
      const inserted = tx
        .insert(comments)
        .values({
          postId,
          parentId,
          authorId: this.userIdByEmail(tx, comment.authorEmail),
          authorName: comment.authorName,
          authorEmail: comment.authorEmail,
          authorUrl: comment.authorUrl,
          bodyMarkdown: comment.markdown,
          bodyHtml: rendered.html,
          status: comment.status,
          heldReason: comment.status === 'pending' ? 'Held on the old site, waiting for approval' : null,
          createdAt: comment.createdAt,
        })
        .returning({ id: comments.id })
        .get();
      this.undo.comments.push(inserted.id);
      localIds.set(comment.externalId, inserted.id);
      this.record(tx, 'comment', comment.externalId, String(inserted.id), sum);
      this.report.created.comments += 1;
    }
  }

  importThread(tx: Transaction, thread: ImportBundle['threads'][number], findPost: (url: string) => number | null) {
    const postId = findPost(thread.url);
    if (postId === null) {
      this.skip(
        `Thread “${thread.title || thread.url}” (${thread.comments.length} comment${thread.comments.length === 1 ? '' : 's'})`,
        `no imported or Quire post answers at ${thread.url}`,
      );
      return;
    }
    this.importComments(tx, postId, thread.title || thread.url, thread.comments);
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

  /** Takes back everything this run wrote (after a failed batch). */
  rollBack(tx: Transaction) {
    if (this.undo.comments.length) tx.delete(comments).where(inArray(comments.id, this.undo.comments)).run();
    for (const { row, labelIds } of this.undo.updatedPosts.reverse()) {
      tx.update(posts).set(row).where(eq(posts.id, row.id)).run();
      tx.delete(postLabels).where(eq(postLabels.postId, row.id)).run();
      for (const labelId of labelIds)
        tx.insert(postLabels).values({ postId: row.id, labelId }).onConflictDoNothing().run();
    }
    if (this.undo.redirects.length)
      tx.delete(postRedirects).where(inArray(postRedirects.path, this.undo.redirects)).run();
    if (this.undo.posts.length) tx.delete(posts).where(inArray(posts.id, this.undo.posts)).run();
    if (this.undo.users.length) tx.delete(users).where(inArray(users.id, this.undo.users)).run();
    if (this.undo.labels.length) {
      tx.delete(labels)
        .where(
          and(
            inArray(labels.id, this.undo.labels),
            notExists(tx.select().from(postLabels).where(eq(postLabels.labelId, labels.id))),
          ),
        )
        .run();
    }
    for (const key of this.undo.items) deleteImportItem(tx, key);
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
  const db = getDb();
  const importer = new Importer(bundle, options.defaultAuthorId ?? null);
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const total = importSteps(bundle);
  let done = 0;
  const findPost = (url: string): number | null => {
    const path = normalizeOldPath(url);
    if (!path) return null;
    const redirect = db
      .select({ postId: postRedirects.postId })
      .from(postRedirects)
      .where(eq(postRedirects.path, path))
      .get();
    if (redirect) return redirect.postId;
    const slug = /^\/posts\/([^/?]+)$/.exec(path)?.[1];
    return slug ? (db.select({ id: posts.id }).from(posts).where(eq(posts.slug, slug)).get()?.id ?? null) : null;
  };
  type Step = (tx: Transaction) => void;
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
      db.transaction((tx) => {
        for (const step of batch) step(tx);
      });
      done += batch.length;
      options.onProgress?.(done, total);
      await nextTick();
    }
  } catch (error) {
    db.transaction((tx) => importer.rollBack(tx));
    throw error;
  }
  return importer.finish();
}
