import 'server-only';
import { and, asc, count, desc, eq, inArray, isNotNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { RenderedMarkdown } from '@/lib/policies/markdown';
import type { PostDocument } from '@/lib/validations/post';
import { getDb, type QuireDatabase } from '../client';
import {
  comments,
  labels,
  postLabels,
  postRedirects,
  postRevisions,
  posts,
  postViews,
  users,
  type Post,
  type PostKind,
  type PostStatus,
  type RevisionKind,
} from '../schema';
import {
  ensureLabel,
  excerptFrom,
  pageCount,
  type LabelRef,
  type Page,
  type SlugChooser,
  type Transaction,
} from './posts';
import { queuePostEmail } from './subscriptions';

// The editor's reads and writes. Authorisation is the caller's job (lib/services/post-workflow.ts).

export type EditablePost = Post & { labels: string[]; authorName: string };

export function getEditablePost({ id }: { id: number }): EditablePost | null {
  const db = getDb();
  const row = db
    .select({ post: posts, authorName: users.name, authorHandle: users.handle })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(posts.id, id))
    .get();
  if (!row) return null;
  const labelRows = db
    .select({ name: labels.name })
    .from(postLabels)
    .innerJoin(labels, eq(labels.id, postLabels.labelId))
    .where(eq(postLabels.postId, id))
    .orderBy(asc(labels.name))
    .all();
  return {
    ...row.post,
    labels: labelRows.map((label) => label.name),
    authorName: row.authorName ?? row.authorHandle,
  };
}

/** The post as the editor edits it, from the stored row. */
export function documentOfPost(post: EditablePost): PostDocument {
  return {
    title: post.title,
    markdown: post.bodyMarkdown,
    slug: post.slugAuto ? '' : post.slug,
    excerpt: post.customExcerpt,
    labels: post.labels,
    coverImage: post.coverImage ?? '',
    coverAlt: post.coverAlt,
    seoTitle: post.seoTitle,
    seoDescription: post.seoDescription,
    commentsOpen: post.commentsOpen,
  };
}

export function parseDocument(json: string): PostDocument {
  return JSON.parse(json) as PostDocument;
}

/** What the editor shows: unpublished changes of a published post when there are some, else the row. */
export function currentDocument(post: EditablePost): PostDocument {
  if (post.workingRevisionId !== null) {
    const working = getDb()
      .select({ document: postRevisions.document })
      .from(postRevisions)
      .where(and(eq(postRevisions.id, post.workingRevisionId), eq(postRevisions.postId, post.id)))
      .get();
    if (working) return parseDocument(working.document);
  }
  return documentOfPost(post);
}

/** Another post (or another post's old address) already answering at this slug. */
export function slugTakenByOther(tx: Transaction | QuireDatabase, slug: string, postId: number): boolean {
  const post = tx
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.slug, slug), ne(posts.id, postId)))
    .get();
  return post !== undefined;
}

/** Whether another post (or another post's old address) answers at this slug, outside a transaction. */
export function isSlugTakenByOther({ slug, postId }: { slug: string; postId: number }): boolean {
  return slugTakenByOther(getDb(), slug, postId);
}

/**
 * What lib works out before a document is written: the rendered body, the slug rule while the slug
 * follows the title, and the document's labels with their slugs.
 */
export type PreparedDocument = { rendered: RenderedMarkdown; titleSlug: SlugChooser; labels: LabelRef[] };

export type ApplyOptions = {
  status: PostStatus;
  publishedAt: Date | null;
  now: Date;
  /** Set on a published post's public update: shown to readers as "Updated". */
  updatedAt?: Date | null;
};

/**
 * Writes a document into the post row with its body rendered by lib: settles the slug, replaces
 * the labels, raises the version. A published post's old address is kept as a redirect.
 */
export function applyDocument(
  tx: Transaction,
  post: EditablePost,
  document: PostDocument,
  { rendered, titleSlug, labels: postLabelRefs }: PreparedDocument,
  options: ApplyOptions,
): { slug: string; slugAuto: boolean; previousSlug: string; version: number } {
  let slug = post.slug;
  let slugAuto = post.slugAuto;
  if (document.slug) {
    slug = document.slug;
    slugAuto = false;
  } else if (post.slugAuto) {
    // Follows the title until the post goes live or the author types a slug.
    slug = titleSlug((candidate) => slugTakenByOther(tx, candidate, post.id));
    slugAuto = options.status !== 'published';
  }
  const version = post.version + 1;
  tx.update(posts)
    .set({
      title: document.title,
      slug,
      slugAuto,
      bodyMarkdown: document.markdown,
      bodyHtml: rendered.html,
      bodyText: rendered.text,
      readingMinutes: rendered.readingMinutes,
      customExcerpt: document.excerpt,
      excerpt: document.excerpt || excerptFrom(rendered.lead || rendered.text.replace(/\s+/g, ' ')),
      coverImage: document.coverImage || null,
      coverAlt: document.coverAlt,
      seoTitle: document.seoTitle,
      seoDescription: document.seoDescription,
      // Pages have no comment area, so comments stay closed whatever the document says.
      commentsOpen: post.kind === 'page' ? false : document.commentsOpen,
      status: options.status,
      publishedAt: options.publishedAt,
      ...(options.updatedAt !== undefined ? { updatedAt: options.updatedAt } : {}),
      editedAt: options.now,
      version,
      workingRevisionId: null,
    })
    .where(eq(posts.id, post.id))
    .run();
  // A page is outside the label listings, so it keeps no labels.
  replaceLabels(tx, post.id, post.kind === 'page' ? [] : postLabelRefs);
  if (slug !== post.slug) {
    const base = addressBase(post.kind);
    // The new address is this post's now, whatever it redirected to before.
    tx.delete(postRedirects)
      .where(eq(postRedirects.path, `${base}${slug}`))
      .run();
    if (post.status === 'published' || post.status === 'scheduled' || post.publishedAt) {
      tx.insert(postRedirects)
        .values({ path: `${base}${post.slug}`, postId: post.id })
        .onConflictDoUpdate({ target: postRedirects.path, set: { postId: post.id } })
        .run();
    }
  }
  return { slug, slugAuto, previousSlug: post.slug, version };
}

/** Where a post or a page lives: `/posts/<slug>` or `/pages/<slug>`. */
export function addressBase(kind: PostKind): '/posts/' | '/pages/' {
  return kind === 'page' ? '/pages/' : '/posts/';
}

function replaceLabels(tx: Transaction, postId: number, labels: LabelRef[]): void {
  tx.delete(postLabels).where(eq(postLabels.postId, postId)).run();
  for (const label of labels) {
    const labelId = ensureLabel(tx, label);
    tx.insert(postLabels).values({ postId, labelId }).onConflictDoNothing().run();
  }
}

/** One revision per editing session, brought up to date by each autosave of that session. */
export function upsertSessionRevision(
  tx: Transaction,
  input: { postId: number; userId: string; sessionId: string; document: PostDocument; now: Date },
): number {
  const values = {
    postId: input.postId,
    authorId: input.userId,
    kind: 'autosave' as const,
    sessionId: input.sessionId,
    title: input.document.title,
    document: JSON.stringify(input.document),
    savedAt: input.now,
  };
  return tx
    .insert(postRevisions)
    .values(values)
    .onConflictDoUpdate({
      target: [postRevisions.postId, postRevisions.sessionId],
      set: { title: values.title, document: values.document, savedAt: values.savedAt, authorId: values.authorId },
    })
    .returning({ id: postRevisions.id })
    .get().id;
}

export function insertRevision(
  tx: Transaction,
  input: { postId: number; userId: string; kind: RevisionKind; document: PostDocument; now: Date },
): number {
  return tx
    .insert(postRevisions)
    .values({
      postId: input.postId,
      authorId: input.userId,
      kind: input.kind,
      title: input.document.title,
      document: JSON.stringify(input.document),
      savedAt: input.now,
    })
    .returning({ id: postRevisions.id })
    .get().id;
}

/** Keeps unpublished edits of a published post aside until "Update"; the live row is untouched. */
export function setWorkingRevision(tx: Transaction, post: EditablePost, revisionId: number | null, now: Date): number {
  const version = post.version + 1;
  tx.update(posts).set({ workingRevisionId: revisionId, version, editedAt: now }).where(eq(posts.id, post.id)).run();
  return version;
}

/** How an editor save records itself: a numbered kind, or the editing session's one autosave revision. */
export type RevisionOf = { kind: Exclude<RevisionKind, 'autosave'> } | { sessionId: string };

function writeRevision(
  tx: Transaction,
  revision: RevisionOf,
  input: { postId: number; userId: string; document: PostDocument; now: Date },
): number {
  return 'sessionId' in revision
    ? upsertSessionRevision(tx, { ...input, sessionId: revision.sessionId })
    : insertRevision(tx, { ...input, kind: revision.kind });
}

/**
 * Records a revision of the document, then either keeps it aside as the post's working copy (a
 * live post keeps showing its published text) or writes it into the post with its status and
 * publication time unchanged; one transaction.
 */
export function saveEditorRevision(input: {
  post: EditablePost;
  userId: string;
  document: PostDocument;
  revision: RevisionOf;
  /** Null: kept aside as the working copy; else written into the post. */
  prepared: PreparedDocument | null;
  now: Date;
}): void {
  const { post, document, prepared, now } = input;
  getDb().transaction((tx) => {
    const revisionId = writeRevision(tx, input.revision, { postId: post.id, userId: input.userId, document, now });
    if (!prepared) setWorkingRevision(tx, post, revisionId, now);
    else applyDocument(tx, post, document, prepared, { status: post.status, publishedAt: post.publishedAt, now });
  });
}

/** Writes the document into the post with a new status (publish, schedule, unpublish) and records the revision; one transaction. */
export function applyDocumentWithRevision(input: {
  post: EditablePost;
  userId: string;
  document: PostDocument;
  prepared: PreparedDocument;
  options: ApplyOptions;
  revision: RevisionOf;
  /** Queue the post for the email subscribers (a first publish). */
  announce?: boolean;
}): ReturnType<typeof applyDocument> {
  const { post, document, options } = input;
  return getDb().transaction((tx) => {
    const applied = applyDocument(tx, post, document, input.prepared, options);
    writeRevision(tx, input.revision, { postId: post.id, userId: input.userId, document, now: options.now });
    if (input.announce) queuePostEmail({ postId: post.id, now: options.now });
    return applied;
  });
}

/** Drops a published post's saved-but-not-live edits. */
export function discardWorkingRevision({ post, now }: { post: EditablePost; now: Date }): void {
  getDb().transaction((tx) => setWorkingRevision(tx, post, null, now));
}

export type RevisionSummary = { id: number; kind: RevisionKind; title: string; savedAt: Date; authorName: string };

export function listRevisions({ postId }: { postId: number }): RevisionSummary[] {
  return getDb()
    .select({
      id: postRevisions.id,
      kind: postRevisions.kind,
      title: postRevisions.title,
      savedAt: postRevisions.savedAt,
      authorName: sql<string>`coalesce(${users.name}, ${users.handle}, 'deleted user')`,
    })
    .from(postRevisions)
    .leftJoin(users, eq(users.id, postRevisions.authorId))
    .where(eq(postRevisions.postId, postId))
    .orderBy(desc(postRevisions.savedAt), desc(postRevisions.id))
    .limit(200)
    .all();
}

export function getRevision({ postId, id }: { postId: number; id: number }) {
  const row = getDb()
    .select()
    .from(postRevisions)
    .where(and(eq(postRevisions.id, id), eq(postRevisions.postId, postId)))
    .get();
  return row ? { ...row, document: parseDocument(row.document) } : null;
}

export function createDraft({
  authorId,
  commentsOpen,
  chooseSlug,
  kind = 'post',
}: {
  authorId: string;
  commentsOpen: boolean;
  chooseSlug: SlugChooser;
  kind?: PostKind;
}): number {
  const db = getDb();
  return db.transaction((tx) => {
    const now = new Date();
    const slug = chooseSlug((candidate) => slugTakenByOther(tx, candidate, 0));
    return tx
      .insert(posts)
      .values({
        title: '',
        slug,
        slugAuto: true,
        authorId,
        status: 'draft',
        kind,
        commentsOpen: kind === 'page' ? false : commentsOpen,
        editedAt: now,
      })
      .returning({ id: posts.id })
      .get().id;
  });
}

export const dashboardFilters = ['all', 'draft', 'scheduled', 'published', 'trashed'] as const;
export type DashboardFilter = (typeof dashboardFilters)[number];

export type DashboardPost = {
  id: number;
  title: string;
  slug: string;
  status: PostStatus;
  publishedAt: Date | null;
  editedAt: Date | null;
  createdAt: Date;
  authorName: string;
  commentCount: number;
  views: number;
  pendingChanges: boolean;
};

export function listDashboardPosts(input: {
  /** Posts (the default) or pages: the dashboard lists them apart. */
  kind?: PostKind;
  authorId?: string;
  filter: DashboardFilter;
  query?: string;
  page: number;
  perPage: number;
}): Page<DashboardPost> & { counts: Record<DashboardFilter, number> } {
  const db = getDb();
  const scope: SQL[] = [eq(posts.kind, input.kind ?? 'post')];
  if (input.authorId) scope.push(eq(posts.authorId, input.authorId));
  if (input.query) {
    const pattern = `%${input.query.replace(/[\\%_]/g, '\\$&')}%`;
    scope.push(sql`${posts.title} like ${pattern} escape '\\'`);
  }
  const where = and(...scope, input.filter === 'all' ? ne(posts.status, 'trashed') : eq(posts.status, input.filter));
  const rows = db
    .select({
      id: posts.id,
      title: posts.title,
      slug: posts.slug,
      status: posts.status,
      publishedAt: posts.publishedAt,
      editedAt: posts.editedAt,
      createdAt: posts.createdAt,
      authorName: sql<string>`coalesce(${users.name}, ${users.handle})`,
      commentCount: sql<number>`(select count(*) from ${comments} where ${comments.postId} = ${posts.id} and ${comments.status} = 'visible')`,
      views: sql<number>`coalesce((select sum(${postViews.views}) from ${postViews} where ${postViews.postId} = ${posts.id}), 0)`,
      workingRevisionId: posts.workingRevisionId,
    })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(where)
    .orderBy(desc(sql`coalesce(${posts.editedAt}, ${posts.createdAt})`), desc(posts.id))
    .limit(input.perPage)
    .offset((input.page - 1) * input.perPage)
    .all();
  const total = db.select({ total: count() }).from(posts).where(where).get()?.total ?? 0;
  const statusCounts = db
    .select({ status: posts.status, total: count() })
    .from(posts)
    .where(and(...scope))
    .groupBy(posts.status)
    .all();
  const counts = Object.fromEntries(dashboardFilters.map((filter) => [filter, 0])) as Record<DashboardFilter, number>;
  for (const row of statusCounts) {
    counts[row.status] = row.total;
    if (row.status !== 'trashed') counts.all += row.total;
  }
  return {
    items: rows.map(({ workingRevisionId, ...row }) => ({
      ...row,
      commentCount: Number(row.commentCount),
      views: Number(row.views),
      pendingChanges: workingRevisionId !== null,
    })),
    total,
    page: input.page,
    pageCount: pageCount(total, input.perPage),
    counts,
  };
}

/** Moves a post to the trash: out of every public page, kept until the trash is emptied. */
export function trashPost({ id, now = new Date() }: { id: number; now?: Date }): void {
  getDb()
    .update(posts)
    .set({ status: 'trashed', trashedAt: now, editedAt: now, version: sql`${posts.version} + 1` })
    .where(eq(posts.id, id))
    .run();
}

/** Takes a post out of the trash as a draft (as WordPress does): publishing again is a choice. */
export function restorePost({ id, now = new Date() }: { id: number; now?: Date }): void {
  getDb()
    .update(posts)
    .set({ status: 'draft', trashedAt: null, publishedAt: null, editedAt: now, version: sql`${posts.version} + 1` })
    .where(and(eq(posts.id, id), eq(posts.status, 'trashed')))
    .run();
}

/** Deletes trashed posts for good, with their comments, revisions and redirects. */
export function deleteTrashedPosts({ ids }: { ids?: number[] } = {}): number {
  const where = ids ? and(eq(posts.status, 'trashed'), inArray(posts.id, ids)) : eq(posts.status, 'trashed');
  const db = getDb();
  return db.transaction((tx) => {
    const doomed = tx.select({ id: posts.id }).from(posts).where(where).all();
    if (doomed.length === 0) return 0;
    const doomedIds = doomed.map((row) => row.id);
    // Replies point at their parents without a foreign key; the comments go with the post.
    tx.delete(comments).where(inArray(comments.postId, doomedIds)).run();
    tx.delete(posts).where(inArray(posts.id, doomedIds)).run();
    return doomedIds.length;
  });
}

/** The post an old address now belongs to, when there is one. */
export function findRedirect({ path }: { path: string }): { slug: string; status: PostStatus; kind: PostKind } | null {
  return (
    getDb()
      .select({ slug: posts.slug, status: posts.status, kind: posts.kind })
      .from(postRedirects)
      .innerJoin(posts, eq(posts.id, postRedirects.postId))
      .where(eq(postRedirects.path, path))
      .get() ?? null
  );
}

/** Publishes every scheduled post whose time has come; returns their slugs. */
/**
 * Publishes the scheduled posts whose time has come and, in the same transaction, queues each for the
 * email subscribers (lib/services/subscriptions.ts sends them). Returns their slugs.
 */
export function publishDuePosts({ now = new Date() }: { now?: Date } = {}): string[] {
  return getDb().transaction((tx) => {
    const published = tx
      .update(posts)
      .set({ status: 'published', editedAt: now, version: sql`${posts.version} + 1` })
      .where(and(eq(posts.status, 'scheduled'), isNotNull(posts.publishedAt), lte(posts.publishedAt, now)))
      .returning({ id: posts.id, slug: posts.slug, kind: posts.kind })
      .all();
    for (const post of published) if (post.kind === 'post') queuePostEmail({ postId: post.id, now });
    return published.map((post) => post.slug);
  });
}

/** When the next scheduled post goes live, if any is waiting. */
export function nextScheduledTime(): Date | null {
  const row = getDb()
    .select({ at: sql<number | null>`min(${posts.publishedAt})` })
    .from(posts)
    .where(eq(posts.status, 'scheduled'))
    .get();
  return row?.at ? new Date(row.at) : null;
}

export function listAllLabelNames(): string[] {
  return getDb()
    .select({ name: labels.name })
    .from(labels)
    .orderBy(asc(labels.name))
    .all()
    .map((row) => row.name);
}

/** Everyone who has written a post, for the admin's author filter. */
export function listPostAuthors(): { id: string; name: string }[] {
  return getDb()
    .selectDistinct({ id: users.id, name: sql<string>`coalesce(${users.name}, ${users.handle})` })
    .from(users)
    .innerJoin(posts, eq(posts.authorId, users.id))
    .orderBy(asc(sql`coalesce(${users.name}, ${users.handle})`))
    .all();
}
