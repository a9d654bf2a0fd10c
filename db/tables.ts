/**
 * The tables every query uses, from the schema of this process's database (db/dialect.ts): db/schema.ts
 * for SQLite, db/schema-pg.ts for PostgreSQL. Typed as SQLite's, whose builders the queries are written
 * against; db/schema-parity.test.ts proves both schemas have the same tables, columns, keys and row
 * types, which is what makes the cast safe. Constants and row types come from db/schema.ts as before.
 */
import * as pgSchema from './schema-pg';
import * as sqliteSchema from './schema';
import { onPostgres } from './dialect';

export * from './schema';

const chosen = (onPostgres ? pgSchema : sqliteSchema) as unknown as typeof sqliteSchema;

/** Every table and relation of the chosen dialect, for drizzle(…, { schema }). */
export const tables = chosen;

export const users = chosen.users;
export const accounts = chosen.accounts;
export const sessions = chosen.sessions;
export const verificationTokens = chosen.verificationTokens;
export const posts = chosen.posts;
export const postRevisions = chosen.postRevisions;
export const postRedirects = chosen.postRedirects;
export const uploads = chosen.uploads;
export const labels = chosen.labels;
export const postLabels = chosen.postLabels;
export const comments = chosen.comments;
export const commentLikes = chosen.commentLikes;
export const commentReports = chosen.commentReports;
export const moderationLog = chosen.moderationLog;
export const postViews = chosen.postViews;
export const signInThrottle = chosen.signInThrottle;
export const rateLimits = chosen.rateLimits;
export const jobLeases = chosen.jobLeases;
export const pendingSignUps = chosen.pendingSignUps;
export const passwordResets = chosen.passwordResets;
export const pendingComments = chosen.pendingComments;
export const importItems = chosen.importItems;
export const importJobs = chosen.importJobs;
export const subscribers = chosen.subscribers;
export const postEmails = chosen.postEmails;
export const postFollows = chosen.postFollows;
export const commentEmails = chosen.commentEmails;
export const settings = chosen.settings;
export const usersRelations = chosen.usersRelations;
export const postsRelations = chosen.postsRelations;
export const labelsRelations = chosen.labelsRelations;
export const postLabelsRelations = chosen.postLabelsRelations;
