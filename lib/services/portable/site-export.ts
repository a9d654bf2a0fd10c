import 'server-only';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import * as tar from 'tar';
import { z } from 'zod';
import type { QuireDatabase } from '@/db/client';
import { countTableRows, listTableColumns, readTables, writeTables, type Row } from '@/db/queries/portable';

// The whole site as one JSON file (plus the uploaded images in a .tar beside it): Quire's own
// export, which `import` turns back into an identical site on an empty database.

export const EXPORT_FORMAT = 'quire-export';
export const EXPORT_VERSION = 1;

/**
 * The tables an export holds, parents before children so an import can insert them in this order.
 * Left out: sessions, sign-in tokens, unconfirmed sign-ups, throttles and rate-limit counters
 * (short-lived security state), the search index
 * (rebuilt from posts) and drizzle's migration journal.
 */
export const exportedTables = [
  'settings',
  'users',
  'accounts',
  'uploads',
  'posts',
  'post_revisions',
  'post_redirects',
  'labels',
  'post_labels',
  'comments',
  'comment_likes',
  'comment_reports',
  'moderation_log',
  'post_views',
  'import_items',
  'import_jobs',
  // Following by email: the confirmed subscribers, who follows which discussion, and which posts
  // were already mailed (so a moved blog never mails an old post again).
  'subscribers',
  'post_follows',
  'post_emails',
] as const;
type ExportedTable = (typeof exportedTables)[number];

/** Tables deliberately left out of an export (see above); every other table must be in the list. */
export const unexportedTables = [
  'sessions',
  'verification_tokens',
  'sign_in_throttle',
  'pending_sign_ups',
  'password_resets',
  // A visitor's comment kept for an hour while they sign in.
  'pending_comments',
  'rate_limits',
  // When each person was last emailed about a post's comments: a throttle's state.
  'comment_emails',
  // Which app server runs the scheduler now: meaningless on another site.
  'job_leases',
  // Numbers the database keeps from the comments themselves (migration 0016).
  'comment_thread_versions',
  'posts_fts',
  '__drizzle_migrations',
] as const;

/** Columns that are secrets: left out (null) unless the export is made `--with-secrets`. */
const secretColumns: Partial<Record<ExportedTable, string[]>> = {
  users: ['password_hash'],
  accounts: ['refresh_token', 'access_token', 'id_token', 'session_state'],
};

const cell = z.union([z.string(), z.number(), z.null()]);
export const siteExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int(),
  exportedAt: z.string(),
  withSecrets: z.boolean(),
  uploadsArchive: z.string().nullable(),
  tables: z.record(z.string(), z.array(z.record(z.string(), cell))),
});
export type SiteExport = z.infer<typeof siteExportSchema>;

/** Every exported table's rows, read in one transaction so they are one moment of the site. */
export async function readSiteExport(
  db: QuireDatabase,
  options: { withSecrets: boolean; now?: Date },
): Promise<SiteExport> {
  const tables: Record<string, Row[]> = {};
  for (const [table, rows] of Object.entries(await readTables(db, exportedTables))) {
    const secrets = options.withSecrets ? [] : (secretColumns[table as ExportedTable] ?? []);
    tables[table] = rows.map((row) => {
      const copy = { ...row };
      for (const column of secrets) if (column in copy) copy[column] = null;
      return copy;
    });
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    withSecrets: options.withSecrets,
    uploadsArchive: null,
    tables,
  };
}

function listFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.tmp')) files.push(relative(directory, path));
    }
  };
  walk(directory);
  return files.sort();
}

/** The uploads folder as a .tar beside the export; null when there is nothing to pack. */
export async function writeUploadsArchive(uploadsDir: string, exportFile: string): Promise<string | null> {
  const files = listFiles(uploadsDir);
  if (files.length === 0) return null;
  const archive = `${exportFile.replace(/\.json$/i, '')}.uploads.tar`;
  await tar.create({ file: archive, cwd: uploadsDir, portable: true }, files);
  return basename(archive);
}

export class SiteImportRefused extends Error {}

/** A parsed export file, checked against the format and this database's tables and columns. */
export async function parseSiteExport(db: QuireDatabase, json: string): Promise<SiteExport> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new SiteImportRefused('The file is not valid JSON.');
  }
  const parsed = siteExportSchema.safeParse(raw);
  if (!parsed.success) throw new SiteImportRefused('The file is JSON but not a Quire export.');
  const data = parsed.data;
  if (data.version > EXPORT_VERSION) {
    throw new SiteImportRefused(
      `The export is version ${data.version}; this Quire reads up to version ${EXPORT_VERSION}. Update Quire first.`,
    );
  }
  for (const [table, rows] of Object.entries(data.tables)) {
    if (!(exportedTables as readonly string[]).includes(table)) {
      throw new SiteImportRefused(`The export has a table Quire does not know: ${table}.`);
    }
    const known = new Set(await listTableColumns(db, table));
    for (const row of rows) {
      const unknown = Object.keys(row).find((column) => !known.has(column));
      if (unknown)
        throw new SiteImportRefused(`The export's ${table} table has a column Quire does not know: ${unknown}.`);
    }
  }
  return data;
}

/** A site is empty when nobody has an account and nothing was written. */
export async function isEmptySite(db: QuireDatabase): Promise<boolean> {
  const count = (table: string) => countTableRows(db, table);
  return (await count('users')) === 0 && (await count('posts')) === 0 && (await count('comments')) === 0;
}

/** Writes an export into an empty database, all of it or (on any error) none of it. */
export async function writeSiteExport(db: QuireDatabase, data: SiteExport): Promise<Record<string, number>> {
  if (!(await isEmptySite(db))) {
    throw new SiteImportRefused(
      'A Quire export restores a whole site and needs an empty database: this one already has accounts or posts. Point DATABASE_URL at a new file or an empty PostgreSQL database (or use `restore` for a backup).',
    );
  }
  // The settings rows a migration put in an empty database give way to the exported ones.
  return writeTables(db, { cleared: ['settings'], tables: exportedTables, rows: data.tables });
}

/** Unpacks an export's uploads archive into the uploads folder (node-tar refuses paths that escape it). */
export async function extractUploadsArchive(archive: string, uploadsDir: string): Promise<number> {
  mkdirSync(uploadsDir, { recursive: true });
  let count = 0;
  await tar.extract({
    file: archive,
    cwd: uploadsDir,
    strict: true,
    filter: (path, entry) => {
      const ok = 'type' in entry ? entry.type === 'File' || entry.type === 'Directory' : true;
      if (ok && 'type' in entry && entry.type === 'File') count += 1;
      return ok;
    },
  });
  return count;
}

export function archiveBeside(exportFile: string, name: string | null): string | null {
  if (!name) return null;
  const path = join(dirname(exportFile), basename(name));
  return existsSync(path) && statSync(path).isFile() ? path : null;
}
