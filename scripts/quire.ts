// Quire's command-line tool for operators: `npm run quire -- <command>`.
import './load-env';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import pg from 'pg';
import { z } from 'zod';
import { getDb, type QuireDatabase } from '@/db/client';
import { dialectOf, onPostgres } from '@/db/dialect';
import { migrateDatabase } from '@/db/migrate';
import { countTableRows } from '@/db/queries/portable';
import { getFirstAdminId, getUserByEmail, listUsers, setUserRole } from '@/db/queries/users';
import { createUser } from '@/lib/services/users';
import { roles } from '@/db/schema';
import { backupDatabase, checkBackup, restoreDatabase } from '@/lib/services/backup';
import { getSiteSettings } from '@/db/queries/settings';
import { applyImport } from '@/lib/services/import/apply';
import { downloadImages } from '@/lib/services/import/download-images';
import { readExportFile } from '@/lib/services/import/read';
import type { ImportReport } from '@/lib/services/import/types';
import { ImportRefused, MAX_IMPORT_BYTES, TOO_LARGE_MESSAGE } from '@/lib/services/import/xml';
import { databasePath, s3Settings, siteUrl, uploadsDirectory } from '@/lib/server/env';
import { getUploadStore } from '@/lib/server/uploads/store';
import { copyFolderToStore, copyStoreToFolder } from '@/lib/services/portable/store-uploads';
import { uploads } from '@/db/tables';
import {
  archiveBeside,
  exportedTables,
  extractUploadsArchive,
  parseSiteExport,
  readSiteExport,
  SiteImportRefused,
  writeSiteExport,
  writeUploadsArchive,
} from '@/lib/services/portable/site-export';
import { buildWxr } from '@/lib/services/portable/wxr-export';
import { refreshServers } from './refresh-servers';
import { generatePassword, hashPassword } from '@/lib/server/passwords';

// Each line: how the command is written, then what it does. `--help` after a command shows its lines.
const commandLines: [command: string, synopsis: string, summary: string][] = [
  [
    'user add',
    'user add --email E --name N --role R [--password P]',
    'create an account (a password is generated when omitted)',
  ],
  ['user role', 'user role --email E --role R', "change an account's role"],
  ['user list', 'user list', 'list every account'],
  ['import', 'import <file> [--download-images]', 'import a WordPress, Blogger or Disqus export, or a Quire export'],
  ['export', 'export <file> [--with-secrets]', 'the whole site as JSON (uploads in <file>.uploads.tar)'],
  ['export', 'export --wxr <file>', 'posts, labels and comments as a WordPress (WXR) file'],
  ['backup', 'backup <file>', 'copy the database now, while the server runs'],
  ['restore', 'restore <file> --yes', 'replace the database with a checked backup'],
  ['copy-data', 'copy-data --to postgres://…', 'copy this SQLite blog into an empty PostgreSQL database'],
];

function usage(prefix = ''): string {
  const lines = commandLines
    .filter(([command]) => command === prefix || command.startsWith(`${prefix} `) || prefix === '')
    .map(([, synopsis, summary]) => `  ${synopsis.padEnd(52)} ${summary}`);
  return `Usage: npm run quire -- ${prefix || '<command>'} [options]

${lines.join('\n')}

${prefix === '' || prefix.startsWith('user') ? `Roles: ${roles.join(', ')}.\n` : ''}Settings such as DATABASE_URL come from the environment and the .env files in the current folder, as for the server.
npm run quire -- <command> --help shows one command; --version shows Quire's version.`;
}

function version(): string {
  const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return `Quire ${version}`;
}

/** Arguments the command cannot take; the command's usage is shown with the message. */
class UsageError extends Error {}
/** A command that was well formed but cannot be done; no usage text needed. */
class CommandError extends Error {}

const email = z.email({ message: 'That is not an email address.' }).transform((value) => value.toLowerCase());
const role = z.enum(roles, { message: `The role must be one of: ${roles.join(', ')}.` });

/**
 * The database, migrated, opened only once a command's arguments are known to be good. Commands that
 * read or change what exists refuse a missing file instead of creating an empty database there.
 */
async function openDatabase({ create }: { create: boolean }) {
  if (!create) requireDatabaseFile();
  await migrateDatabase();
  return getDb();
}

function requireDatabaseFile(): void {
  if (onPostgres) return;
  const path = databasePath();
  if (path !== ':memory:' && !existsSync(path)) {
    throw new CommandError(
      `There is no database at ${path}. Check DATABASE_URL (in the environment or a .env file), or start Quire once to create it.`,
    );
  }
}

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
  await openDatabase({ create: true });
  if (await getUserByEmail({ email: input.email }))
    throw new CommandError(`An account with the email ${input.email} already exists.`);
  const password = values.password ?? generatePassword();
  const user = await createUser({ ...input, passwordHash: await hashPassword(password) });
  console.log(`Created ${user.role} ${user.email} (handle ${user.handle}).`);
  if (values.password === undefined) console.log(`Generated password (shown once): ${password}`);
}

async function userRole(args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, role: { type: 'string' } } });
  const target = parseOrFail(email, values.email, 'email');
  const newRole = parseOrFail(role, values.role, 'role');
  await openDatabase({ create: false });
  const user = await setUserRole({ email: target, role: newRole });
  if (!user) throw new CommandError(`There is no account with the email ${target}.`);
  console.log(`${user.email} is now ${user.role}.`);
}

async function userList(args: string[]) {
  parseArgs({ args, options: {} });
  await openDatabase({ create: false });
  const rows = await listUsers();
  if (rows.length === 0) return console.log('No accounts yet.');
  for (const row of rows) {
    console.log(`${row.role.padEnd(10)} ${(row.email ?? '-').padEnd(32)} ${row.handle.padEnd(24)} ${row.name ?? ''}`);
  }
}

const POSTGRES_BACKUP =
  'On PostgreSQL, back up with its own tools: pg_dump -Fc "$DATABASE_URL" > quire.dump, and restore with pg_restore --clean -d "$DATABASE_URL" quire.dump. `npm run quire -- export` works on either database.';

/**
 * Moves a SQLite blog to PostgreSQL: the whole site as an export with its secrets (accounts keep
 * their passwords), imported by this same tool run on the target, then every table counted on both
 * sides. Sign-ins, throttles and pending sign-ups stay behind: readers sign in again.
 */
async function copyData(args: string[]) {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
  if (!values.to) throw new UsageError('copy-data needs --to postgres://user:password@host:5432/quire');
  if (dialectOf(values.to) !== 'postgres') throw new UsageError('--to must be a PostgreSQL address: postgres://…');
  if (onPostgres) throw new CommandError('copy-data copies a SQLite blog: DATABASE_URL already names PostgreSQL.');
  const target = values.to;
  const db = await openDatabase({ create: false });
  const data = await readSiteExport(db, { withSecrets: true });
  const folder = mkdtempSync(join(tmpdir(), 'quire-copy-'));
  try {
    const file = join(folder, 'quire-export.json');
    writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
    // The same tool on the target: it migrates the empty database and refuses one that has content.
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, 'import', file], {
      env: { ...process.env, DATABASE_URL: target },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) throw new CommandError('Nothing was copied: the PostgreSQL side refused (above).');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const differing: string[] = [];
  const copied = new pg.Client({ connectionString: target });
  await copied.connect();
  try {
    for (const table of exportedTables) {
      const here = await countTableRows(db, table);
      const { rows } = await copied.query<{ n: number }>(`select cast(count(*) as integer) as n from "${table}"`);
      if (rows[0]!.n !== here) differing.push(`${table}: ${here} here, ${rows[0]!.n} there`);
    }
  } finally {
    await copied.end();
  }
  if (differing.length > 0) throw new CommandError(`The copy differs: ${differing.join('; ')}.`);
  console.log(
    `Copied and checked ${exportedTables.length} tables. Point DATABASE_URL at ${redactedUrl(target)} and start Quire; people sign in again.`,
  );
}

function redactedUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

async function backup(args: string[]) {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file] = positionals;
  if (!file) throw new UsageError('backup needs a file name: npm run quire -- backup quire-backup.db');
  const destination = resolve(file);
  if (!existsSync(dirname(destination))) throw new CommandError(`The folder ${dirname(destination)} does not exist.`);
  if (onPostgres) throw new CommandError(POSTGRES_BACKUP);
  // A copy of the database as it is: not migrated first.
  requireDatabaseFile();
  const result = await backupDatabase(databasePath(), destination);
  if (!result.ok) throw new CommandError(`The backup failed its check: ${result.problem}`);
  const { posts, comments, users } = result.counts;
  console.log(
    `Backed up to ${destination}: ${posts} posts, ${comments} comments, ${users} accounts (integrity check: ok).`,
  );
  const bucket = s3Settings();
  console.log(
    bucket
      ? `Uploaded images are not in it: they are in the bucket "${bucket.bucket}" at ${bucket.endpoint}; back the bucket up on its own (versioning, or \`aws s3 sync\`), or use \`export\`, which copies them.`
      : `Uploaded images are not in it: copy the uploads folder (${uploadsDirectory()}) alongside.`,
  );
}

async function restore(args: string[]) {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { yes: { type: 'boolean' } } });
  const [file] = positionals;
  if (!file) throw new UsageError('restore needs a file name: npm run quire -- restore quire-backup.db --yes');
  if (onPostgres) throw new CommandError(POSTGRES_BACKUP);
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
  await migrateDatabase();
  const server = await refreshServers();
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

/** About the longest string V8 makes (2^29 characters), which JSON.parse of the whole file needs. */
const MAX_QUIRE_EXPORT_BYTES = 500 * 1024 * 1024;

function startsWithBrace(path: string): boolean {
  const head = Buffer.alloc(64);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).toString('utf8').trimStart().startsWith('{');
  } finally {
    closeSync(fd);
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
  // Another platform's export is read whole into an XML parser: 100 MB at most. Quire's own export
  // (JSON, what `export` and `copy-data` write) is read by the operator's own tool: as much as one
  // string holds.
  const quireExport = startsWithBrace(path);
  if (statSync(path).size > (quireExport ? MAX_QUIRE_EXPORT_BYTES : MAX_IMPORT_BYTES)) {
    throw new CommandError(
      quireExport
        ? `The export is larger than ${MAX_QUIRE_EXPORT_BYTES / 1024 / 1024} MB, the most one import reads.`
        : TOO_LARGE_MESSAGE,
    );
  }
  const content = readFileSync(path);
  const db = await openDatabase({ create: true });
  if (quireExport) {
    const data = await parseSiteExport(db, content.toString('utf8'));
    const counts = await writeSiteExport(db, data);
    const archive = archiveBeside(path, data.uploadsArchive);
    const files = archive ? await unpackUploads(archive) : 0;
    await refreshServers();
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
    const result = await downloadImages(bundle, await getFirstAdminId(), (done, total) => bar.update(done, total));
    bar.stop();
    console.log(`Downloaded ${result.downloaded} images; ${result.failed.length} could not be downloaded.`);
  }
  const bar = progressBar('Importing');
  const report = await applyImport(bundle, { onProgress: (done, total) => bar.update(done, total) });
  bar.stop();
  await refreshServers();
  printReport(report);
}

/** The export's uploads archive, from the uploads folder or (S3_*) from the bucket through a temporary folder. */
async function packUploads(db: QuireDatabase, destination: string): Promise<string | null> {
  if (!s3Settings()) return writeUploadsArchive(uploadsDirectory(), destination);
  const keys = (await db.select({ variants: uploads.variants }).from(uploads)).flatMap((row) =>
    row.variants.map((variant) => variant.key),
  );
  const staging = mkdtempSync(join(tmpdir(), 'quire-export-uploads-'));
  try {
    const { missing } = await copyStoreToFolder(getUploadStore(), keys, staging);
    if (missing.length > 0)
      console.log(`Note: ${missing.length} image file(s) named in the database are not in the bucket.`);
    return await writeUploadsArchive(staging, destination);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Unpacks an export's uploads archive into the uploads folder, or (S3_*) into the bucket. */
async function unpackUploads(archive: string): Promise<number> {
  if (!s3Settings()) return extractUploadsArchive(archive, uploadsDirectory());
  const staging = mkdtempSync(join(tmpdir(), 'quire-import-uploads-'));
  try {
    await extractUploadsArchive(archive, staging);
    return await copyFolderToStore(staging, getUploadStore());
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
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
  const db = await openDatabase({ create: false });
  if (values.wxr) {
    const settings = await getSiteSettings();
    writeFileSync(
      destination,
      await buildWxr(db, { title: settings.title, description: settings.description, url: siteUrl() }),
    );
    console.log(`Wrote a WordPress export (WXR 1.2) to ${destination}.`);
    return;
  }
  const data = await readSiteExport(db, { withSecrets: values['with-secrets'] ?? false });
  data.uploadsArchive = await packUploads(db, destination);
  writeFileSync(destination, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  const count = (table: string) => data.tables[table]?.length ?? 0;
  console.log(
    `Exported ${count('posts')} posts, ${count('comments')} comments and ${count('users')} accounts to ${destination}${data.uploadsArchive ? `, uploads to ${join(dirname(destination), data.uploadsArchive)}` : ''}.${data.withSecrets ? ' The file holds password hashes: keep it private.' : ''}`,
  );
}

const commands: Record<string, (args: string[]) => unknown> = {
  'user add': userAdd,
  'user role': userRole,
  'user list': userList,
  import: importCommand,
  'copy-data': copyData,
  export: exportCommand,
  backup,
  restore,
};

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

/** Nothing here touches the database: each command opens it after its own arguments parsed. */
async function main(argv: string[]) {
  const [group, ...afterGroup] = argv;
  if (group === undefined) throw new UsageError('No command given.');
  if (group === 'help' || group === '--help' || group === '-h') return console.log(usage());
  if (group === '--version' || group === '-v') return console.log(version());
  const [subcommand, ...afterSubcommand] = afterGroup;
  const name = group === 'user' && subcommand && !subcommand.startsWith('-') ? `user ${subcommand}` : group;
  const args = name === group ? afterGroup : afterSubcommand;
  const command = commands[name];
  if (!command) {
    if (group !== 'user') throw new UsageError(`Unknown command: ${group}.`);
    if (wantsHelp(args)) return console.log(usage('user'));
    const problem = subcommand ? `Unknown command: user ${subcommand}.` : 'user needs a subcommand: add, role or list.';
    throw new UsageError(problem, { cause: 'user' });
  }
  if (wantsHelp(args)) return console.log(usage(name));
  try {
    await command(args);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) throw new UsageError(error.message, { cause: name });
    throw error;
  }
}

function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    const command = typeof error.cause === 'string' ? error.cause : '';
    console.error(`Error: ${error.message}\n\n${usage(command)}`);
    process.exit(2);
  }
  if (error instanceof CommandError || error instanceof ImportRefused || error instanceof SiteImportRefused) {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
  // Anything else (a bad setting, a disk error) is one sentence; LOG_LEVEL=debug shows where it came from.
  const debug = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  console.error(
    debug && error instanceof Error ? error.stack : `Error: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
