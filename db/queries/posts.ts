import 'server-only';
import { and, asc, count, desc, eq, gt, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { monthOf } from '../dialect';
import type { RenderedMarkdown } from '@/lib/policies/markdown';
import { getDb, lockFor, write, type QuireDatabase } from '../client';
import { comments, labels, postLabels, posts, users, type PostKind, type PostStatus } from '../tables';

export type LabelRef = { name: string; slug: string };
export type AuthorRef = { name: string; handle: string };

export type PostSummary = {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  coverImage: string | null;
  coverAlt: string;
  publishedAt: Date;
  updatedAt: Date | null;
  readingMinutes: number;
  commentCount: number;
  author: AuthorRef;
  labels: LabelRef[];
};

export type PostDetail = PostSummary & {
  seoTitle: string;
  seoDescription: string;
  bodyHtml: string;
  bodyText: string;
  commentsOpen: boolean;
  author: AuthorRef & { bio: string };
};

export type Page<T> = { items: T[]; total: number; page: number; pageCount: number };

/** A published post of the stream: every list, feed and search asks for this, so pages stay out. */
export const isPublished = and(eq(posts.status, 'published'), eq(posts.kind, 'post'))!;
/**
 * The same test for a query that starts from another table (the newest comments) and looks each post
 * up by id: the expression on kind keeps SQLite from starting at posts_status_published_idx instead, which
 * reads every published post's comments and sorts them all.
 */
export const isPublishedLookup = and(eq(posts.status, 'published'), sql`(${posts.kind} || '') = 'post'`)!;
/** A published page (About, Contact): found only by its own address and the header menu. */
export const isPublishedPage = and(eq(posts.status, 'published'), eq(posts.kind, 'page'))!;

// A correlated count on the (post_id, status, created_at) index: exact on every render, no counter to drift.
const visibleCommentCount =
  sql<number>`(select count(*) from ${comments} where ${comments.postId} = ${posts.id} and ${comments.status} = 'visible')`.mapWith(
    Number,
  );

const summaryColumns = {
  id: posts.id,
  slug: posts.slug,
  title: posts.title,
  excerpt: posts.excerpt,
  coverImage: posts.coverImage,
  coverAlt: posts.coverAlt,
  publishedAt: posts.publishedAt,
  updatedAt: posts.updatedAt,
  readingMinutes: posts.readingMinutes,
  commentCount: visibleCommentCount,
  authorName: users.name,
  authorHandle: users.handle,
};

type SummaryRow = {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  coverImage: string | null;
  coverAlt: string;
  publishedAt: Date | null;
  updatedAt: Date | null;
  readingMinutes: number;
  commentCount: number;
  authorName: string | null;
  authorHandle: string;
};

async function labelsFor(postIds: number[]): Promise<Map<number, LabelRef[]>> {
  const byPost = new Map<number, LabelRef[]>();
  if (postIds.length === 0) return byPost;
  const rows = await getDb()
    .select({ postId: postLabels.postId, name: labels.name, slug: labels.slug })
    .from(postLabels)
    .innerJoin(labels, eq(labels.id, postLabels.labelId))
    .where(inArray(postLabels.postId, postIds))
    .orderBy(asc(labels.name));
  for (const row of rows) {
    const list = byPost.get(row.postId) ?? [];
    list.push({ name: row.name, slug: row.slug });
    byPost.set(row.postId, list);
  }
  return byPost;
}

async function toSummaries(rows: SummaryRow[]): Promise<PostSummary[]> {
  const labelMap = await labelsFor(rows.map((row) => row.id));
  return rows.map(({ authorName, authorHandle, publishedAt, ...row }) => ({
    ...row,
    publishedAt: publishedAt ?? new Date(0),
    commentCount: Number(row.commentCount),
    author: { name: authorName ?? authorHandle, handle: authorHandle },
    labels: labelMap.get(row.id) ?? [],
  }));
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

async function pagedSummaries(where: SQL, page: number, perPage: number, join?: 'labels'): Promise<Page<PostSummary>> {
  const db = getDb();
  const base = db.select(summaryColumns).from(posts).innerJoin(users, eq(users.id, posts.authorId));
  const filtered = join === 'labels' ? base.innerJoin(postLabels, eq(postLabels.postId, posts.id)) : base;
  const rows = await filtered
    .where(where)
    .orderBy(desc(posts.publishedAt), desc(posts.id))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const countBase = db.select({ total: count() }).from(posts);
  const counted = join === 'labels' ? countBase.innerJoin(postLabels, eq(postLabels.postId, posts.id)) : countBase;
  const [counts] = await counted.where(where);
  const total = counts?.total ?? 0;
  return { items: await toSummaries(rows), total, page, pageCount: pageCount(total, perPage) };
}

export async function listPublishedPosts({
  page,
  perPage,
}: {
  page: number;
  perPage: number;
}): Promise<Page<PostSummary>> {
  return pagedSummaries(isPublished, page, perPage);
}

export async function listPostsByLabel({
  labelId,
  page,
  perPage,
}: {
  labelId: number;
  page: number;
  perPage: number;
}): Promise<Page<PostSummary>> {
  return pagedSummaries(and(isPublished, eq(postLabels.labelId, labelId))!, page, perPage, 'labels');
}

export async function listPostsByAuthor({
  authorId,
  page,
  perPage,
}: {
  authorId: string;
  page: number;
  perPage: number;
}): Promise<Page<PostSummary>> {
  return pagedSummaries(and(eq(posts.authorId, authorId), isPublished)!, page, perPage);
}

/** Posts published in one calendar month (UTC), newest first. */
export async function listPostsByMonth({ year, month }: { year: number; month: number }): Promise<PostSummary[]> {
  const start = Date.UTC(year, month - 1, 1);
  const end = Date.UTC(year, month, 1);
  const where = and(isPublished, gte(posts.publishedAt, new Date(start)), lt(posts.publishedAt, new Date(end)))!;
  return (await pagedSummaries(where, 1, 1000)).items;
}

export type ArchiveMonth = { year: number; month: number; count: number };

export async function getArchiveMonths(): Promise<ArchiveMonth[]> {
  const month = monthOf(posts.publishedAt);
  const rows = await getDb()
    .select({ month, count: count() })
    .from(posts)
    .where(isPublished)
    .groupBy(month)
    .orderBy(desc(month));
  return rows.map((row) => {
    const [year, monthNumber] = row.month.split('-').map(Number);
    return { year: year ?? 1970, month: monthNumber ?? 1, count: row.count };
  });
}

export async function getPublishedPostBySlug({ slug }: { slug: string }): Promise<PostDetail | null> {
  return publishedBySlug(slug, isPublished);
}

export async function getPublishedPageBySlug({ slug }: { slug: string }): Promise<PostDetail | null> {
  return publishedBySlug(slug, isPublishedPage);
}

export type PageLink = { id: number; slug: string; title: string };

/** Published pages by title: what the header menu can link to. */
export async function listPublishedPages(): Promise<PageLink[]> {
  return getDb()
    .select({ id: posts.id, slug: posts.slug, title: posts.title })
    .from(posts)
    .where(isPublishedPage)
    .orderBy(asc(posts.title), asc(posts.id));
}

async function publishedBySlug(slug: string, published: SQL): Promise<PostDetail | null> {
  const [row] = await getDb()
    .select({
      ...summaryColumns,
      bodyHtml: posts.bodyHtml,
      bodyText: posts.bodyText,
      commentsOpen: posts.commentsOpen,
      seoTitle: posts.seoTitle,
      seoDescription: posts.seoDescription,
      authorBio: users.bio,
    })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(posts.slug, slug), published))
    .limit(1);
  if (!row) return null;
  const { bodyHtml, bodyText, commentsOpen, seoTitle, seoDescription, authorBio, ...summaryRow } = row;
  const [summary] = await toSummaries([summaryRow]);
  if (!summary) return null;
  return {
    ...summary,
    bodyHtml,
    bodyText,
    commentsOpen,
    seoTitle,
    seoDescription,
    author: { ...summary.author, bio: authorBio },
  };
}

export type PostLink = { slug: string; title: string };

/** The published post next to this one in time (ties broken by id), in one direction. */
async function neighbour(
  { id, publishedAt }: { id: number; publishedAt: Date },
  direction: 'newer' | 'older',
): Promise<PostLink | null> {
  const [beyond, order] = direction === 'newer' ? [gt, asc] : [lt, desc];
  const [row] = await getDb()
    .select({ slug: posts.slug, title: posts.title })
    .from(posts)
    .where(
      and(
        isPublished,
        or(beyond(posts.publishedAt, publishedAt), and(eq(posts.publishedAt, publishedAt), beyond(posts.id, id))),
      ),
    )
    .orderBy(order(posts.publishedAt), order(posts.id))
    .limit(1);
  return row ?? null;
}

/** The published posts just newer and just older than this one, by publication time. */
export async function getAdjacentPosts(post: { id: number; publishedAt: Date }): Promise<{
  newer: PostLink | null;
  older: PostLink | null;
}> {
  return { newer: await neighbour(post, 'newer'), older: await neighbour(post, 'older') };
}

export type FeedPost = PostSummary & { bodyHtml: string };

/** The newest published posts with their full bodies, optionally of one label. */
export async function listFeedPosts({ labelId, limit }: { labelId?: number; limit: number }): Promise<FeedPost[]> {
  const db = getDb();
  const where = labelId === undefined ? isPublished : and(isPublished, eq(postLabels.labelId, labelId))!;
  const base = db
    .select({ ...summaryColumns, bodyHtml: posts.bodyHtml })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId));
  const joined = labelId === undefined ? base : base.innerJoin(postLabels, eq(postLabels.postId, posts.id));
  const rows = await joined.where(where).orderBy(desc(posts.publishedAt), desc(posts.id)).limit(limit);
  const summaries = await toSummaries(rows.map(({ bodyHtml: _bodyHtml, ...row }) => row));
  return summaries.map((summary, index) => ({ ...summary, bodyHtml: rows[index]?.bodyHtml ?? '' }));
}

export type SitemapEntry = { slug: string; lastModified: Date };

export async function listSitemapPosts(): Promise<SitemapEntry[]> {
  const rows = await getDb()
    .select({ slug: posts.slug, publishedAt: posts.publishedAt, updatedAt: posts.updatedAt })
    .from(posts)
    .where(isPublished)
    .orderBy(desc(posts.publishedAt));
  return rows.map((row) => ({ slug: row.slug, lastModified: row.updatedAt ?? row.publishedAt ?? new Date(0) }));
}

/** lib's rule for a free slug (uniqueSlug with its base); storage only says which candidates are taken. */
export type SlugChooser = (isTaken: (candidate: string) => Promise<boolean>) => Promise<string>;

/** What lib's createPost (lib/services/posts.ts) is given: the post as an author or a fixture writes it. */
export type NewPostInput = {
  title: string;
  markdown: string;
  authorId: string;
  excerpt?: string;
  slug?: string;
  status?: PostStatus;
  /** A page is outside every list and has no comments (see isPublishedPage). */
  kind?: PostKind;
  publishedAt?: Date | null;
  updatedAt?: Date | null;
  coverImage?: string | null;
  coverAlt?: string;
  labels?: string[];
};

/** What insertPost writes: the input with what lib decided (rendered body, slug rule, label slugs). */
export type PostRowInput = Omit<NewPostInput, 'slug' | 'status' | 'labels'> & {
  status: PostStatus;
  rendered: RenderedMarkdown;
  chooseSlug: SlugChooser;
  /** Whether the slug keeps following the title (see applyDocument). */
  slugAuto: boolean;
  labels: LabelRef[];
};

export function excerptFrom(text: string, maxLength = 200): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxLength - 20)).trimEnd()}…`;
}

/** Another post (or another post's old address) already answering at this slug. */
export async function slugTakenByOther(
  tx: Transaction | QuireDatabase,
  slug: string,
  postId: number,
): Promise<boolean> {
  const [post] = await tx
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.slug, slug), ne(posts.id, postId)))
    .limit(1);
  return post !== undefined;
}

/**
 * The free slug `choose` picks, read in the write transaction `tx` (the slug of `exceptPostId`, the
 * post being renamed, counts as free). On PostgreSQL a lock keeps the choice and the write after it
 * to one transaction at a time, as SQLite's single writer does: two drafts begun at the same moment
 * would otherwise both take "untitled", and one would fail on the unique slug.
 */
export async function choosePostSlug(
  tx: Transaction | QuireDatabase,
  choose: SlugChooser,
  exceptPostId = 0,
): Promise<string> {
  await lockFor(tx as QuireDatabase, 'post-slugs');
  return choose((candidate) => slugTakenByOther(tx, candidate, exceptPostId));
}

/** Inserts a post with its body rendered by lib, at the free slug `chooseSlug` picks, with its labels. */
export async function insertPost(input: PostRowInput): Promise<{ id: number; slug: string }> {
  const { rendered, status } = input;
  return write(async (tx) => {
    const slug = await choosePostSlug(tx, input.chooseSlug);
    const [inserted] = await tx
      .insert(posts)
      .values({
        slug,
        title: input.title,
        excerpt: input.excerpt || excerptFrom(rendered.lead || rendered.text.replace(/\s+/g, ' ')),
        customExcerpt: input.excerpt ?? '',
        slugAuto: input.slugAuto,
        editedAt: input.updatedAt ?? input.publishedAt ?? new Date(),
        bodyMarkdown: input.markdown,
        bodyHtml: rendered.html,
        bodyText: rendered.text,
        coverImage: input.coverImage ?? null,
        coverAlt: input.coverAlt ?? '',
        status,
        publishedAt: input.publishedAt ?? (status === 'published' ? new Date() : null),
        updatedAt: input.updatedAt ?? null,
        authorId: input.authorId,
        readingMinutes: rendered.readingMinutes,
        ...(input.kind === 'page' ? { kind: 'page' as const, commentsOpen: false } : {}),
      })
      .returning({ id: posts.id });
    for (const label of input.kind === 'page' ? [] : input.labels) {
      const labelId = await ensureLabel(tx, label);
      await tx.insert(postLabels).values({ postId: inserted!.id, labelId }).onConflictDoNothing();
    }
    return { id: inserted!.id, slug };
  });
}

/** Of these post ids, the ones of posts that exist and are public (view counts keep only those). */
export async function listPublicPostIds({ ids }: { ids: number[] }): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await getDb()
    .select({ id: posts.id })
    .from(posts)
    .where(and(inArray(posts.id, ids), isPublished));
  return new Set(rows.map((row) => row.id));
}

/** The database a `write` callback is given (db/client.ts): what runs inside one transaction. */
export type Transaction = QuireDatabase;

/** The label with this slug, made with this name when there is none yet (lib's labelFromName gives both). */
export async function ensureLabel(tx: Transaction, { name, slug }: LabelRef): Promise<number> {
  const find = async () => (await tx.select({ id: labels.id }).from(labels).where(eq(labels.slug, slug)).limit(1))[0];
  const existing = await find();
  if (existing) return existing.id;
  // Another transaction may be adding the same label (PostgreSQL runs them side by side): then this
  // insert waits for it and does nothing, and the label it made is read back.
  const [inserted] = await tx
    .insert(labels)
    .values({ name, slug })
    .onConflictDoNothing({ target: labels.slug })
    .returning({ id: labels.id });
  return (inserted ?? (await find()))!.id;
}

export async function countPosts(): Promise<number> {
  const [row] = await getDb().select({ total: count() }).from(posts);
  return row?.total ?? 0;
}
