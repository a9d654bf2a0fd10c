// Quire's command-line tool for operators: `npm run quire -- <command>`.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { createUser, getFirstAdminId, getUserByEmail, listUsers, setUserRole } from '@/db/queries/users';
import { roles } from '@/db/schema';
import { backupDatabase, checkBackup, restoreDatabase } from '@/lib/backup';
import { getSiteSettings } from '@/db/queries/settings';
import { applyImport } from '@/lib/import/apply';
import { downloadImages } from '@/lib/import/download-images';
import { readExportFile } from '@/lib/import/read';
import type { ImportReport } from '@/lib/import/types';
import { ImportRefused, MAX_IMPORT_BYTES, TOO_LARGE_MESSAGE } from '@/lib/import/xml';
import { databasePath, siteUrl, uploadsDirectory } from '@/lib/env';
import {
  archiveBeside,
  extractUploadsArchive,
  parseSiteExport,
  readSiteExport,
  SiteImportRefused,
  writeSiteExport,
  writeUploadsArchive,
} from '@/lib/portable/site-export';
import { buildWxr } from '@/lib/portable/wxr-export';
import { notifyServer } from '@/lib/notify-server';
import { generatePassword, hashPassword } from '@/lib/passwords';

const usage = `Usage: npm run quire -- <command>

  user add --email E --name N --role R [--password P]   create an account (a password is generated when omitted)
  user role --email E --role R                          change an account's role
  user list                                             list every account
  import <file> [--download-images]                     import a WordPress, Blogger or Disqus export, or a Quire export
  export <file> [--with-secrets]                        the whole site as JSON (uploads in <file>.uploads.tar)
  export --wxr <file>                                   posts, labels and comments as a WordPress (WXR) file
  backup <file>                                         copy the database now, while the server runs
  restore <file> --yes                                  replace the database with a checked backup

Roles: ${roles.join(', ')}.`;

class UsageError extends Error {}
/** A command that was well formed but cannot be done; no usage text needed. */
class CommandError extends Error {}

const email = z.email({ message: 'That is not an email address.' }).transform((value) => value.toLowerCase());
const role = z.enum(roles, { message: `The role must be one of: ${roles.join(', ')}.` });

function parseOrFail<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  if (value === undefined) throw new UsageError(`--${flag} is required.`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${flag}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  return parsed.data;
}

async function userAdd(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const input = {
    email: parseOrFail(email, values.email, 'email'),
    name: parseOrFail(z.string().trim().min(1, 'The name cannot be empty.').max(80), values.name, 'name'),
    role: parseOrFail(role, values.role, 'role'),
  };
  if (values.password !== undefined && values.password.length < 10) {
    throw new UsageError('--password must be at least 10 characters.');
  }
  if (getUserByEmail({ email: input.email }))
    throw new CommandError(`An account with the email ${input.email} already exists.`);
  const password = values.password ?? generatePassword();
  const user = createUser({ ...input, passwordHash: await hashPassword(password) });
  console.log(`Created ${user.role} ${user.email} (handle ${user.handle}).`);
  if (values.password === undefined) console.log(`Generated password (shown once): ${password}`);
}

function userRole(args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, role: { type: 'string' } } });
  const target = parseOrFail(email, values.email, 'email');
  const newRole = parseOrFail(role, values.role, 'role');
  const user = setUserRole({ email: target, role: newRole });
  if (!user) throw new CommandError(`There is no account with the email ${target}.`);
  console.log(`${user.email} is now ${user.role}.`);
}

function userList() {
  const rows = listUsers();
  if (rows.length === 0) return console.log('No accounts yet.');
  for (const row of rows) {
    console.log(`${row.role.padEnd(10)} ${(row.email ?? '-').padEnd(32)} ${row.handle.padEnd(24)} ${row.name ?? ''}`);
  }
}

async function backup(args: string[]) {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file] = positionals;
  if (!file) throw new UsageError('backup needs a file name: npm run quire -- backup quire-backup.db');
  const destination = resolve(file);
  if (!existsSync(dirname(destination))) throw new CommandError(`The folder ${dirname(destination)} does not exist.`);
  const result = await backupDatabase(databasePath(), destination);
  if (!result.ok) throw new CommandError(`The backup failed its check: ${result.problem}`);
  const { posts, comments, users } = result.counts;
  console.log(
    `Backed up to ${destination}: ${posts} posts, ${comments} comments, ${users} accounts (integrity check: ok).`,
  );
}

async function restore(args: string[]) {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { yes: { type: 'boolean' } } });
  const [file] = positionals;
  if (!file) throw new UsageError('restore needs a file name: npm run quire -- restore quire-backup.db --yes');
  const source = resolve(file);
  const check = checkBackup(source);
  if (!check.ok) throw new CommandError(`Refusing to restore ${source}: ${check.problem}`);
  if (!values.yes) {
    throw new CommandError(
      `${source} is a good backup (${check.counts.posts} posts, ${check.counts.comments} comments). Restoring replaces everything in ${databasePath()}; run again with --yes to do it.`,
    );
  }
  const result = await restoreDatabase(source, databasePath());
  if (!result.ok) throw new CommandError(`The restored database failed its check: ${result.problem}`);
  // Migrations newer than the backup are applied, so an old backup works with this version.
  migrateDatabase(getDb());
  const server = await notifyServer();
  console.log(
    `Restored ${source} into ${databasePath()}.${server === 'refreshed' ? ' The running server now shows it.' : ''}`,
  );
}

function progressBar(label: string) {
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function printReport(report: ImportReport) {
  const { created, updated, skipped } = report;
  console.log(
    `Imported from ${report.format} (${report.site}): created ${created.posts} posts, ${created.comments} comments, ${created.users} authors, ${created.redirects} redirects; updated ${updated.posts} posts, ${updated.comments} comments; skipped ${skipped.length}.`,
  );
  for (const notice of report.notices) console.log(`  note: ${notice}`);
  const reasons = new Map<string, string[]>();
  for (const { item, reason } of skipped) reasons.set(reason, [...(reasons.get(reason) ?? []), item]);
  for (const [reason, items] of reasons) {
    console.log(`  skipped ${items.length} × ${reason}`);
    for (const item of items.slice(0, 5)) console.log(`    - ${item}`);
    if (items.length > 5) console.log(`    … and ${items.length - 5} more`);
  }
}

async function importCommand(args: string[]) {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'download-images': { type: 'boolean' } },
  });
  const [file] = positionals;
  if (!file) throw new UsageError('import needs a file name: npm run quire -- import wordpress-export.xml');
  const path = resolve(file);
  if (!existsSync(path)) throw new CommandError(`There is no file at ${path}.`);
  if (statSync(path).size > MAX_IMPORT_BYTES) {
    throw new CommandError(TOO_LARGE_MESSAGE);
  }
  const content = readFileSync(path);
  const db = getDb();
  if (content.subarray(0, 64).toString('utf8').trimStart().startsWith('{')) {
    const data = parseSiteExport(db, content.toString('utf8'));
    const counts = writeSiteExport(db, data);
    const archive = archiveBeside(path, data.uploadsArchive);
    const files = archive ? await extractUploadsArchive(archive, uploadsDirectory()) : 0;
    await notifyServer();
    console.log(
      `Imported the Quire export ${path}: ${counts.posts ?? 0} posts, ${counts.comments ?? 0} comments, ${counts.users ?? 0} accounts, ${files} upload files.`,
    );
    if (data.uploadsArchive && !archive)
      console.log(`Note: ${data.uploadsArchive} was not found beside the export; images were not restored.`);
    return;
  }
  const bundle = readExportFile(content);
  if (values['download-images']) {
    const bar = progressBar('Images ');
    const result = await downloadImages(bundle, getFirstAdminId(), (done, total) => bar.update(done, total));
    bar.stop();
    console.log(`Downloaded ${result.downloaded} images; ${result.failed.length} could not be downloaded.`);
  }
  const bar = progressBar('Importing');
  const report = await applyImport(bundle, { onProgress: (done, total) => bar.update(done, total) });
  bar.stop();
  await notifyServer();
  printReport(report);
}

async function exportCommand(args: string[]) {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { wxr: { type: 'boolean' }, 'with-secrets': { type: 'boolean' } },
  });
  const [file] = positionals;
  if (!file) throw new UsageError('export needs a file name: npm run quire -- export quire-export.json');
  const destination = resolve(file);
  if (!existsSync(dirname(destination))) throw new CommandError(`The folder ${dirname(destination)} does not exist.`);
  const db = getDb();
  if (values.wxr) {
    const settings = getSiteSettings();
    writeFileSync(
      destination,
      buildWxr(db, { title: settings.title, description: settings.description, url: siteUrl() }),
    );
    console.log(`Wrote a WordPress export (WXR 1.2) to ${destination}.`);
    return;
  }
  const data = readSiteExport(db, { withSecrets: values['with-secrets'] ?? false });
  data.uploadsArchive = await writeUploadsArchive(uploadsDirectory(), destination);
  writeFileSync(destination, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  const count = (table: string) => data.tables[table]?.length ?? 0;
  console.log(
    `Exported ${count('posts')} posts, ${count('comments')} comments and ${count('users')} accounts to ${destination}${data.uploadsArchive ? `, uploads to ${join(dirname(destination), data.uploadsArchive)}` : ''}.${data.withSecrets ? ' The file holds password hashes: keep it private.' : ''}`,
  );
}

async function main(argv: string[]) {
  const [group, command, ...rest] = argv;
  // For commands without a subcommand, everything after the command's name is its arguments.
  const args = [command, ...rest].filter((value): value is string => value !== undefined);
  if (group === 'backup') return backup(args);
  if (group === 'restore') return restore(args);
  migrateDatabase(getDb());
  if (group === 'import') return importCommand(args);
  if (group === 'export') return exportCommand(args);
  if (group === 'user' && command === 'add') return userAdd(rest);
  if (group === 'user' && command === 'role') return userRole(rest);
  if (group === 'user' && command === 'list') return userList();
  throw new UsageError(group ? `Unknown command: ${[group, command].filter(Boolean).join(' ')}` : 'No command given.');
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    console.error(`Error: ${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (error instanceof CommandError || error instanceof ImportRefused || error instanceof SiteImportRefused) {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
