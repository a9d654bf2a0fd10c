// PostgreSQL twin of db/schema.ts: the same tables, columns, indexes and defaults, so the queries in
// db/queries/ can be written once (db/schema-parity.test.ts fails when the two drift apart).
// Dates are timestamptz(3) (SQLite keeps milliseconds in integers: both read back as Date), flags are
// boolean, JSON is jsonb. Full-text search (a tsvector column and its GIN index) is not declared here
// but in the custom migration db/migrations-pg/0001_search.sql, as FTS5 lives only in SQLite's migrations.
import { relations } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AdapterAccountType } from 'next-auth/adapters';
import {
  commentStatuses,
  importJobStatuses,
  importKinds,
  moderationActions,
  postKinds,
  postStatuses,
  reportReasons,
  revisionKinds,
  roles,
  type UploadVariant,
} from './schema';

// Milliseconds, as SQLite's timestamp_ms columns keep them: a Date round-trips unchanged on both.
const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

const createdAt = () => moment('created_at').notNull().defaultNow();

// Column names follow the Auth.js Drizzle adapter so sign-in can be added without reshaping.
export const users = pgTable(
  'users',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    name: text('name'),
    handle: text('handle').notNull(),
    email: text('email'),
    emailVerified: moment('email_verified'),
    image: text('image'),
    bio: text('bio').notNull().default(''),
    role: text('role', { enum: roles }).notNull().default('reader'),
    passwordHash: text('password_hash'),
    // Raised by "sign out everywhere" and password changes: sessions issued before no longer count.
    sessionVersion: integer('session_version').notNull().default(0),
    // Banned from commenting until this moment (far future: permanently); null when not banned.
    bannedUntil: moment('banned_until'),
    banReason: text('ban_reason').notNull().default(''),
    // Email when someone replies to one's comment (on by default); moderators: when the queue grows.
    notifyReplies: boolean('notify_replies').notNull().default(true),
    notifyQueue: boolean('notify_queue').notNull().default(false),
    // Authors: email about new comments on their own posts (on by default).
    notifyPostComments: boolean('notify_post_comments').notNull().default(true),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('users_handle_unique').on(table.handle), uniqueIndex('users_email_unique').on(table.email)],
);

export const accounts = pgTable(
  'accounts',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<AdapterAccountType>().notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (table) => [
    primaryKey({ columns: [table.provider, table.providerAccountId] }),
    index('accounts_user_idx').on(table.userId),
  ],
);

// Auth.js's table for database sessions. Quire's sessions are JWTs, and each one's id (the token's
// jti) has a row here from sign-in to sign-out: a copied cookie stops working once its row is gone.
export const sessions = pgTable(
  'sessions',
  {
    sessionToken: text('session_token').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: moment('expires').notNull(),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text('identifier').notNull(),
    token: text('token').notNull(),
    expires: moment('expires').notNull(),
  },
  (table) => [primaryKey({ columns: [table.identifier, table.token] })],
);

export const posts = pgTable(
  'posts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    excerpt: text('excerpt').notNull().default(''),
    bodyMarkdown: text('body_markdown').notNull().default(''),
    // Rendered and sanitised when the post is saved, never per request.
    bodyHtml: text('body_html').notNull().default(''),
    // Plain text of the body: what full-text search indexes and snippets quote.
    bodyText: text('body_text').notNull().default(''),
    coverImage: text('cover_image'),
    coverAlt: text('cover_alt').notNull().default(''),
    status: text('status', { enum: postStatuses }).notNull().default('draft'),
    kind: text('kind', { enum: postKinds }).notNull().default('post'),
    publishedAt: moment('published_at'),
    updatedAt: moment('updated_at'),
    createdAt: createdAt(),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    readingMinutes: integer('reading_minutes').notNull().default(1),
    commentsOpen: boolean('comments_open').notNull().default(true),
    // The excerpt as the author typed it; empty means "made from the opening paragraphs".
    customExcerpt: text('custom_excerpt').notNull().default(''),
    // True while the slug follows the title (a post that was never published, slug not typed).
    slugAuto: boolean('slug_auto').notNull().default(false),
    seoTitle: text('seo_title').notNull().default(''),
    seoDescription: text('seo_description').notNull().default(''),
    // Raised by every save: an editor tab holding an older number has a stale copy (conflict).
    version: integer('version').notNull().default(1),
    // Last change of any kind (autosaves included), for the dashboard; updatedAt is the public one.
    editedAt: moment('edited_at'),
    trashedAt: moment('trashed_at'),
    // Unpublished edits to a published post, kept as a revision until "Update" makes them live.
    workingRevisionId: integer('working_revision_id'),
  },
  (table) => [
    uniqueIndex('posts_slug_unique').on(table.slug),
    index('posts_author_edited_idx').on(table.authorId, table.editedAt),
    index('posts_edited_idx').on(table.editedAt),
    // Lists ask for published posts (kind 'post') newest first: both columns before the date.
    index('posts_status_published_idx').on(table.status, table.kind, table.publishedAt),
    index('posts_author_status_published_idx').on(table.authorId, table.status, table.kind, table.publishedAt),
    // Search ranks the newest 1,000 matching posts and needs each one's status and date: read from a
    // row they sit behind the post's text (overflow pages); this index holds just them. It matters
    // most after any write, which empties the search workers' page caches.
    index('posts_search_idx').on(table.id, table.status, table.kind, table.publishedAt),
  ],
);

// Every publish, and every editing session's autosaves (one row per session, kept up to date),
// hold the whole editor document as JSON.
export const postRevisions = pgTable(
  'post_revisions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: revisionKinds }).notNull(),
    // The editor tab's session, for autosave rows; null for the others.
    sessionId: text('session_id'),
    title: text('title').notNull(),
    document: text('document').notNull(),
    createdAt: createdAt(),
    savedAt: moment('saved_at').notNull(),
  },
  (table) => [
    index('post_revisions_post_idx').on(table.postId, table.savedAt),
    uniqueIndex('post_revisions_session_unique').on(table.postId, table.sessionId),
  ],
);

// Old addresses of a post (a changed slug, an imported permalink) answering with a permanent redirect.
export const postRedirects = pgTable(
  'post_redirects',
  {
    path: text('path').primaryKey(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [index('post_redirects_post_idx').on(table.postId)],
);

// An uploaded image: the same bytes always give the same id (a hash), stored as resized WebP variants.
export const uploads = pgTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    uploaderId: text('uploader_id').references(() => users.id, { onDelete: 'set null' }),
    originalName: text('original_name').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    variants: jsonb('variants').$type<UploadVariant[]>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('uploads_uploader_idx').on(table.uploaderId, table.createdAt)],
);

export const labels = pgTable(
  'labels',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
  },
  (table) => [uniqueIndex('labels_slug_unique').on(table.slug)],
);

export const postLabels = pgTable(
  'post_labels',
  {
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    labelId: integer('label_id')
      .notNull()
      .references(() => labels.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.postId, table.labelId] }),
    index('post_labels_label_idx').on(table.labelId, table.postId),
  ],
);

export const comments = pgTable(
  'comments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id'),
    // Null when the account was deleted or the commenter came from an import.
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name'),
    // Imported commenters without an account: kept for the record and exports, never shown.
    authorEmail: text('author_email'),
    authorUrl: text('author_url'),
    bodyMarkdown: text('body_markdown').notNull(),
    bodyHtml: text('body_html').notNull(),
    status: text('status', { enum: commentStatuses }).notNull().default('visible'),
    createdAt: createdAt(),
    editedAt: moment('edited_at'),
    // Why a 'pending' comment waits for a moderator (a hold rule, or reports).
    heldReason: text('held_reason'),
    // A moderator's reason for a removal, shown to the comment's author.
    removedReason: text('removed_reason'),
    removedAt: moment('removed_at'),
  },
  (table) => [
    // A post's comments by status and date; with the parent and author in it, working out where a new
    // comment lands counts the threads before it from the index alone (5× faster on 500 comments).
    index('comments_post_status_created_idx').on(
      table.postId,
      table.status,
      table.createdAt,
      table.parentId,
      table.authorId,
    ),
    index('comments_parent_idx').on(table.parentId),
    index('comments_author_created_idx').on(table.authorId, table.createdAt),
    // The moderation queue's tabs: held and removed comments, newest first.
    index('comments_status_created_idx').on(table.status, table.createdAt),
  ],
);

export const commentLikes = pgTable(
  'comment_likes',
  {
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.commentId, table.userId] }),
    index('comment_likes_user_idx').on(table.userId),
  ],
);

// Kept for the moderation queue; one report per reader per comment.
export const commentReports = pgTable(
  'comment_reports',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason', { enum: reportReasons }).notNull(),
    details: text('details').notNull().default(''),
    createdAt: createdAt(),
    resolvedAt: moment('resolved_at'),
  },
  (table) => [
    uniqueIndex('comment_reports_comment_user_unique').on(table.commentId, table.userId),
    index('comment_reports_open_idx').on(table.resolvedAt, table.commentId),
  ],
);

// Every moderation action, append-only: triggers in the migration refuse UPDATE and DELETE. Ids are
// kept without foreign keys (and names copied) so the log outlives the comments and users it names.
export const moderationLog = pgTable(
  'moderation_log',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action', { enum: moderationActions }).notNull(),
    commentId: integer('comment_id'),
    targetUserId: text('target_user_id'),
    targetName: text('target_name'),
    reason: text('reason').notNull().default(''),
    details: text('details').notNull().default(''),
    createdAt: createdAt(),
  },
  (table) => [
    index('moderation_log_created_idx').on(table.createdAt),
    index('moderation_log_action_idx').on(table.action, table.createdAt),
    index('moderation_log_comment_idx').on(table.commentId),
    index('moderation_log_target_idx').on(table.targetUserId),
  ],
);

// One row per post per UTC day, so any window (7 days, 30 days, all time) is one indexed sum.
export const postViews = pgTable(
  'post_views',
  {
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    views: integer('views').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.postId, table.day] }),
    index('post_views_day_post_idx').on(table.day, table.postId, table.views),
  ],
);

// Failed sign-ins per account and per address, for slowing down and locking out password guessing.
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  firstFailureAt: moment('first_failure_at').notNull(),
  lockedUntil: moment('locked_until'),
});

// Fixed-window counters for rate limits (sign-up, sign-in links, uploads, imports…), one row per
// limit and subject (`signup:ip:203.0.113.7`), in the database so several servers share them.
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: moment('window_start').notNull(),
    hits: integer('hits').notNull().default(0),
  },
  (table) => [index('rate_limits_window_idx').on(table.windowStart)],
);

// Who runs a job that must run on one app server at a time (the scheduler's tick), and until when:
// a server takes the row only when the lease has run out or is already its own (db/queries/job-leases.ts).
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: moment('expires_at').notNull(),
});

// A password sign-up waiting for its email to be confirmed: the account is created only when the
// link is used, so an address nobody confirmed never becomes an account. Only the token's hash is kept.
export const pendingSignUps = pgTable(
  'pending_sign_ups',
  {
    tokenHash: text('token_hash').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    returnTo: text('return_to').notNull().default('/'),
    expires: moment('expires').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index('pending_sign_ups_email_idx').on(table.email),
    index('pending_sign_ups_expires_idx').on(table.expires),
  ],
);

// A password-reset link waiting to be used: one hour, once, and only the newest per account (asking
// again deletes the older ones). Only the token's SHA-256 hash is kept, like pending sign-ups.
export const passwordResets = pgTable(
  'password_resets',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: moment('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('password_resets_token_hash_unique').on(table.tokenHash),
    index('password_resets_user_idx').on(table.userId),
    index('password_resets_expires_idx').on(table.expiresAt),
  ],
);

// A comment a visitor wrote before signing in: kept (by a token in their browser's cookie, stored
// here only as its hash) until they have signed in and it is posted, or for an hour.
export const pendingComments = pgTable(
  'pending_comments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    tokenHash: text('token_hash').notNull(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id'),
    body: text('body').notNull(),
    expiresAt: moment('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('pending_comments_token_hash_unique').on(table.tokenHash),
    index('pending_comments_expires_idx').on(table.expiresAt),
  ],
);

// What each import created, keyed by the other platform's identity (site + its id), so running the
// same file again finds its earlier rows instead of creating them twice. `checksum` is the source
// item's content when imported: unchanged items are skipped, changed ones updated.
export const importItems = pgTable(
  'import_items',
  {
    source: text('source').notNull(),
    kind: text('kind', { enum: importKinds }).notNull(),
    externalId: text('external_id').notNull(),
    localId: text('local_id').notNull(),
    checksum: text('checksum').notNull().default(''),
    // The post's version after the import wrote it: a higher one means it was edited in Quire since.
    localVersion: integer('local_version'),
    importedAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.source, table.kind, table.externalId] }),
    index('import_items_local_idx').on(table.kind, table.localId),
  ],
);

// One import started from the dashboard page: its progress and, when finished, its report.
export const importJobs = pgTable('import_jobs', {
  id: text('id').primaryKey(),
  fileName: text('file_name').notNull(),
  format: text('format'),
  status: text('status', { enum: importJobStatuses }).notNull().default('running'),
  done: integer('done').notNull().default(0),
  total: integer('total').notNull().default(0),
  report: jsonb('report').$type<unknown>(),
  error: text('error'),
  startedBy: text('started_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  finishedAt: moment('finished_at'),
});

// A confirmed email subscription to new posts. Only confirmed addresses have a row: the confirmation
// link carries the address, an expiry and a signature, so an address nobody confirmed leaves no trace.
export const subscribers = pgTable(
  'subscribers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    email: text('email').notNull(),
    // Set when a signed-in reader subscribed from their account (their account's address).
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    confirmedAt: moment('confirmed_at').notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('subscribers_email_unique').on(table.email), index('subscribers_user_idx').on(table.userId)],
);

// One row per post announced to the subscribers: the primary key is what makes it once per post, and
// `sentThrough` (the last subscriber id mailed, in id order) lets a restart resume where it stopped.
export const postEmails = pgTable(
  'post_emails',
  {
    postId: integer('post_id')
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    queuedAt: moment('queued_at').notNull(),
    sentThrough: integer('sent_through').notNull().default(0),
    sent: integer('sent').notNull().default(0),
    // Failed tries for the next subscriber in line; past a few that subscriber is skipped.
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    finishedAt: moment('finished_at'),
  },
  (table) => [index('post_emails_open_idx').on(table.finishedAt, table.queuedAt)],
);

// Signed-in readers following a post's comments by email.
export const postFollows = pgTable(
  'post_follows',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.postId] }), index('post_follows_post_idx').on(table.postId)],
);

// The last email about a post's comments sent to each person (followers, the post's author, the
// person replied to): what the throttle reads, and where the next email's list of comments starts.
export const commentEmails = pgTable(
  'comment_emails',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    sentAt: moment('sent_at').notNull(),
    lastCommentId: integer('last_comment_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.postId] })],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
export const postsRelations = relations(posts, ({ one, many }) => ({
  author: one(users, { fields: [posts.authorId], references: [users.id] }),
  postLabels: many(postLabels),
  comments: many(comments),
}));
export const labelsRelations = relations(labels, ({ many }) => ({ postLabels: many(postLabels) }));
export const postLabelsRelations = relations(postLabels, ({ one }) => ({
  post: one(posts, { fields: [postLabels.postId], references: [posts.id] }),
  label: one(labels, { fields: [postLabels.labelId], references: [labels.id] }),
}));
