import 'server-only';
import { and, asc, count, desc, eq, inArray, isNotNull, lte, min, ne, sql, type SQL } from 'drizzle-orm';
import type { RenderedMarkdown } from '@/lib/policies/markdown';
import type { PostDocument } from '@/lib/validations/post';
import { changedRows, getDb, write } from '../client';
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
} from '../tables';
import {
  choosePostSlug,
  ensureLabel,
  excerptFrom,
  pageCount,
  slugTakenByOther,
  type LabelRef,
  type Page,
  type SlugChooser,
  type Transaction,
} from './posts';
import { queuePostEmail } from './subscriptions';
import { containsText } from '../dialect';

// The editor's reads and writes. Authorisation is the caller's job (lib/services/post-workflow.ts).

export type EditablePost = Post & { labels: string[]; authorName: string };

export async function getEditablePost({ id }: { id: number }): Promise<EditablePost | null> {
  const db = getDb();
  const [row] = await db
    .select({ post: posts, authorName: users.name, authorHandle: users.handle })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(posts.id, id))
    .limit(1);
  if (!row) return null;
  const labelRows = await db
    .select({ name: labels.name })
    .from(postLabels)
    .innerJoin(labels, eq(labels.id, postLabels.labelId))
    .where(eq(postLabels.postId, id))
    .orderBy(asc(labels.name));
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
export async function currentDocument(post: EditablePost): Promise<PostDocument> {
  if (post.workingRevisionId !== null) {
    const [working] = await getDb()
      .select({ document: postRevisions.document })
      .from(postRevisions)
      .where(and(eq(postRevisions.id, post.workingRevisionId), eq(postRevisions.postId, post.id)))
      .limit(1);
    if (working) return parseDocument(working.document);
  }
  return documentOfPost(post);
}

/** Whether another post (or another post's old address) answers at this slug, outside a transaction. */
export async function isSlugTakenByOther({ slug, postId }: { slug: string; postId: number }): Promise<boolean> {
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
 * The post changed between the editor's read and its write (another tab, the trash, the publishing
 * timer): nothing was written, and the transaction is rolled back.
 */
export class PostChanged extends Error {
  override name = 'PostChanged';
  constructor(readonly postId: number) {
    super(`Post ${postId} changed while it was being saved.`);
  }
}

/** Updates the post only if it is still at the version the caller read, and raises it; else PostChanged. */
async function updateAtVersion(
  tx: Transaction,
  post: EditablePost,
  values: Partial<typeof posts.$inferInsert>,
): Promise<number> {
  const version = post.version + 1;
  const result = await tx
    .update(posts)
    .set({ ...values, version })
    .where(and(eq(posts.id, post.id), eq(posts.version, post.version)));
  if (changedRows(result) === 0) throw new PostChanged(post.id);
  return version;
}

/**
 * Writes a document into the post row with its body rendered by lib: settles the slug, replaces
 * the labels, raises the version. A published post's old address is kept as a redirect.
 */
export async function applyDocument(
  tx: Transaction,
  post: EditablePost,
  document: PostDocument,
  { rendered, titleSlug, labels: postLabelRefs }: PreparedDocument,
  options: ApplyOptions,
): Promise<{ slug: string; slugAuto: boolean; previousSlug: string; version: number }> {
  let slug = post.slug;
  let slugAuto = post.slugAuto;
  if (document.slug && document.slug !== post.slug) {
    // Checked again under the slug lock: another post may have taken it since lib looked.
    slug = await choosePostSlug(
      tx,
      async (isTaken) => ((await isTaken(document.slug)) ? post.slug : document.slug),
      post.id,
    );
    if (slug !== post.slug) slugAuto = false;
  } else if (document.slug) {
    slugAuto = false;
  } else if (post.slugAuto) {
    // Follows the title until the post goes live or the author types a slug.
    slug = await choosePostSlug(tx, titleSlug, post.id);
    slugAuto = options.status !== 'published';
  }
  const version = await updateAtVersion(tx, post, {
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
    workingRevisionId: null,
  });
  // A page is outside the label listings, so it keeps no labels.
  await replaceLabels(tx, post.id, post.kind === 'page' ? [] : postLabelRefs);
  if (slug !== post.slug) {
    const base = addressBase(post.kind);
    // The new address is this post's now, whatever it redirected to before.
    await tx.delete(postRedirects).where(eq(postRedirects.path, `${base}${slug}`));
    if (post.status === 'published' || post.status === 'scheduled' || post.publishedAt) {
      await tx
        .insert(postRedirects)
        .values({ path: `${base}${post.slug}`, postId: post.id })
        .onConflictDoUpdate({ target: postRedirects.path, set: { postId: post.id } });
    }
  }
  return { slug, slugAuto, previousSlug: post.slug, version };
}

/** Where a post or a page lives: `/posts/<slug>` or `/pages/<slug>`. */
export function addressBase(kind: PostKind): '/posts/' | '/pages/' {
  return kind === 'page' ? '/pages/' : '/posts/';
}

async function replaceLabels(tx: Transaction, postId: number, labels: LabelRef[]): Promise<void> {
  await tx.delete(postLabels).where(eq(postLabels.postId, postId));
  for (const label of labels) {
    const labelId = await ensureLabel(tx, label);
    await tx.insert(postLabels).values({ postId, labelId }).onConflictDoNothing();
  }
}

/** One revision per editing session, brought up to date by each autosave of that session. */
export async function upsertSessionRevision(
  tx: Transaction,
  input: { postId: number; userId: string; sessionId: string; document: PostDocument; now: Date },
): Promise<number> {
  const values = {
    postId: input.postId,
    authorId: input.userId,
    kind: 'autosave' as const,
    sessionId: input.sessionId,
    title: input.document.title,
    document: JSON.stringify(input.document),
    savedAt: input.now,
  };
  const [revision] = await tx
    .insert(postRevisions)
    .values(values)
    .onConflictDoUpdate({
      target: [postRevisions.postId, postRevisions.sessionId],
      set: { title: values.title, document: values.document, savedAt: values.savedAt, authorId: values.authorId },
    })
    .returning({ id: postRevisions.id });
  return revision!.id;
}

export async function insertRevision(
  tx: Transaction,
  input: { postId: number; userId: string; kind: RevisionKind; document: PostDocument; now: Date },
): Promise<number> {
  const [revision] = await tx
    .insert(postRevisions)
    .values({
      postId: input.postId,
      authorId: input.userId,
      kind: input.kind,
      title: input.document.title,
      document: JSON.stringify(input.document),
      savedAt: input.now,
    })
    .returning({ id: postRevisions.id });
  return revision!.id;
}

/** Keeps unpublished edits of a published post aside until "Update"; the live row is untouched. */
export async function setWorkingRevision(
  tx: Transaction,
  post: EditablePost,
  revisionId: number | null,
  now: Date,
): Promise<number> {
  return updateAtVersion(tx, post, { workingRevisionId: revisionId, editedAt: now });
}

/** How an editor save records itself: a numbered kind, or the editing session's one autosave revision. */
export type RevisionOf = { kind: Exclude<RevisionKind, 'autosave'> } | { sessionId: string };

async function writeRevision(
  tx: Transaction,
  revision: RevisionOf,
  input: { postId: number; userId: string; document: PostDocument; now: Date },
): Promise<number> {
  return 'sessionId' in revision
    ? upsertSessionRevision(tx, { ...input, sessionId: revision.sessionId })
    : insertRevision(tx, { ...input, kind: revision.kind });
}

/**
 * Records a revision of the document, then either keeps it aside as the post's working copy (a
 * live post keeps showing its published text) or writes it into the post with its status and
 * publication time unchanged; one transaction.
 */
export async function saveEditorRevision(input: {
  post: EditablePost;
  userId: string;
  document: PostDocument;
  revision: RevisionOf;
  /** Null: kept aside as the working copy; else written into the post. */
  prepared: PreparedDocument | null;
  now: Date;
}): Promise<void> {
  const { post, document, prepared, now } = input;
  await write(async (tx) => {
    const revisionId = await writeRevision(tx, input.revision, {
      postId: post.id,
      userId: input.userId,
      document,
      now,
    });
    if (!prepared) await setWorkingRevision(tx, post, revisionId, now);
    else await applyDocument(tx, post, document, prepared, { status: post.status, publishedAt: post.publishedAt, now });
  });
}

/** Writes the document into the post with a new status (publish, schedule, unpublish) and records the revision; one transaction. */
export async function applyDocumentWithRevision(input: {
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
  return write(async (tx) => {
    const applied = await applyDocument(tx, post, document, input.prepared, options);
    await writeRevision(tx, input.revision, { postId: post.id, userId: input.userId, document, now: options.now });
    if (input.announce) await queuePostEmail({ postId: post.id, now: options.now });
    return applied;
  });
}

/** Drops a published post's saved-but-not-live edits. */
export async function discardWorkingRevision({ post, now }: { post: EditablePost; now: Date }): Promise<void> {
  await write((tx) => setWorkingRevision(tx, post, null, now));
}

export type RevisionSummary = { id: number; kind: RevisionKind; title: string; savedAt: Date; authorName: string };

export async function listRevisions({ postId }: { postId: number }): Promise<RevisionSummary[]> {
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
    .limit(200);
}

export async function getRevision({ postId, id }: { postId: number; id: number }) {
  const [row] = await getDb()
    .select()
    .from(postRevisions)
    .where(and(eq(postRevisions.id, id), eq(postRevisions.postId, postId)))
    .limit(1);
  return row ? { ...row, document: parseDocument(row.document) } : null;
}

export async function createDraft({
  authorId,
  commentsOpen,
  chooseSlug,
  kind = 'post',
}: {
  authorId: string;
  commentsOpen: boolean;
  chooseSlug: SlugChooser;
  kind?: PostKind;
}): Promise<number> {
  return write(async (tx) => {
    const now = new Date();
    const slug = await choosePostSlug(tx, chooseSlug);
    const [inserted] = await tx
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
      .returning({ id: posts.id });
    return inserted!.id;
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

export async function listDashboardPosts(input: {
  /** Posts (the default) or pages: the dashboard lists them apart. */
  kind?: PostKind;
  authorId?: string;
  filter: DashboardFilter;
  query?: string;
  page: number;
  perPage: number;
}): Promise<Page<DashboardPost> & { counts: Record<DashboardFilter, number> }> {
  const db = getDb();
  const scope: SQL[] = [eq(posts.kind, input.kind ?? 'post')];
  if (input.authorId) scope.push(eq(posts.authorId, input.authorId));
  if (input.query) scope.push(containsText(posts.title, input.query));
  const where = and(...scope, input.filter === 'all' ? ne(posts.status, 'trashed') : eq(posts.status, input.filter));
  const rows = await db
    .select({
      id: posts.id,
      title: posts.title,
      slug: posts.slug,
      status: posts.status,
      publishedAt: posts.publishedAt,
      editedAt: posts.editedAt,
      createdAt: posts.createdAt,
      authorName: sql<string>`coalesce(${users.name}, ${users.handle})`,
      commentCount:
        sql<number>`(select count(*) from ${comments} where ${comments.postId} = ${posts.id} and ${comments.status} = 'visible')`.mapWith(
          Number,
        ),
      views:
        sql<number>`coalesce((select sum(${postViews.views}) from ${postViews} where ${postViews.postId} = ${posts.id}), 0)`.mapWith(
          Number,
        ),
      workingRevisionId: posts.workingRevisionId,
    })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(where)
    .orderBy(desc(sql`coalesce(${posts.editedAt}, ${posts.createdAt})`), desc(posts.id))
    .limit(input.perPage)
    .offset((input.page - 1) * input.perPage);
  const [counted] = await db.select({ total: count() }).from(posts).where(where);
  const total = counted?.total ?? 0;
  const statusCounts = await db
    .select({ status: posts.status, total: count() })
    .from(posts)
    .where(and(...scope))
    .groupBy(posts.status);
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
export async function trashPost({ id, now = new Date() }: { id: number; now?: Date }): Promise<void> {
  await write((db) =>
    db
      .update(posts)
      .set({ status: 'trashed', trashedAt: now, editedAt: now, version: sql`${posts.version} + 1` })
      .where(eq(posts.id, id)),
  );
}

/** Takes a post out of the trash as a draft (as WordPress does): publishing again is a choice. */
export async function restorePost({ id, now = new Date() }: { id: number; now?: Date }): Promise<void> {
  await write((db) =>
    db
      .update(posts)
      .set({ status: 'draft', trashedAt: null, publishedAt: null, editedAt: now, version: sql`${posts.version} + 1` })
      .where(and(eq(posts.id, id), eq(posts.status, 'trashed'))),
  );
}

/** Deletes trashed posts for good, with their comments, revisions and redirects. */
export async function deleteTrashedPosts({ ids }: { ids?: number[] } = {}): Promise<number> {
  const where = ids ? and(eq(posts.status, 'trashed'), inArray(posts.id, ids)) : eq(posts.status, 'trashed');
  // One statement that checks each post is still in the trash as it deletes it: a post restored
  // meanwhile (PostgreSQL's writers run side by side) stays. Its comments, revisions and redirects go
  // with it (foreign keys, on delete cascade).
  const deleted = await write((tx) => tx.delete(posts).where(where).returning({ id: posts.id }));
  return deleted.length;
}

/** The post an old address now belongs to, when there is one. */
export async function findRedirect({
  path,
}: {
  path: string;
}): Promise<{ slug: string; status: PostStatus; kind: PostKind } | null> {
  const [row] = await getDb()
    .select({ slug: posts.slug, status: posts.status, kind: posts.kind })
    .from(postRedirects)
    .innerJoin(posts, eq(posts.id, postRedirects.postId))
    .where(eq(postRedirects.path, path))
    .limit(1);
  return row ?? null;
}

/** Publishes every scheduled post whose time has come; returns their slugs. */
/**
 * Publishes the scheduled posts whose time has come and, in the same transaction, queues each for the
 * email subscribers (lib/services/subscriptions.ts sends them). Returns their slugs.
 */
export async function publishDuePosts({ now = new Date() }: { now?: Date } = {}): Promise<string[]> {
  return write(async (tx) => {
    const published = await tx
      .update(posts)
      .set({ status: 'published', editedAt: now, version: sql`${posts.version} + 1` })
      .where(and(eq(posts.status, 'scheduled'), isNotNull(posts.publishedAt), lte(posts.publishedAt, now)))
      .returning({ id: posts.id, slug: posts.slug, kind: posts.kind });
    for (const post of published) if (post.kind === 'post') await queuePostEmail({ postId: post.id, now });
    return published.map((post) => post.slug);
  });
}

/** When the next scheduled post goes live, if any is waiting. */
export async function nextScheduledTime(): Promise<Date | null> {
  const [row] = await getDb()
    .select({ at: min(posts.publishedAt) })
    .from(posts)
    .where(eq(posts.status, 'scheduled'));
  return row?.at ?? null;
}

export async function listAllLabelNames(): Promise<string[]> {
  const rows = await getDb().select({ name: labels.name }).from(labels).orderBy(asc(labels.name));
  return rows.map((row) => row.name);
}

/** Everyone who has written a post, for the admin's author filter. */
export async function listPostAuthors(): Promise<{ id: string; name: string }[]> {
  return getDb()
    .selectDistinct({ id: users.id, name: sql<string>`coalesce(${users.name}, ${users.handle})` })
    .from(users)
    .innerJoin(posts, eq(posts.authorId, users.id))
    .orderBy(asc(sql`coalesce(${users.name}, ${users.handle})`));
}
