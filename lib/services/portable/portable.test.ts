import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows, type QuireDatabase } from '@/db/client';
import { onPostgres } from '@/db/dialect';
import { searchPosts } from '@/db/queries/search';
import { createImportJob } from '@/db/queries/imports';
import { reportComment, toggleCommentLike } from '@/db/queries/comments';
import { createComment } from '@/lib/services/comments';
import { saveSiteSettings } from '@/db/queries/settings';
import { createUser } from '@/lib/services/users';
import { addPostViews } from '@/db/queries/views';
import { accounts, postEmails, postFollows, postRevisions, posts, subscribers, uploads } from '@/db/tables';
import { useTestDatabase } from '@/db/test-database';
import { applyImport } from '@/lib/services/import/apply';
import { downloadImages } from '@/lib/services/import/download-images';
import { readExportFile } from '@/lib/services/import/read';
import { moderateComments } from '@/lib/services/moderation';
import { readFixture, wordpressFixturePath } from '@/tests/fixtures';
import {
  exportedTables,
  extractUploadsArchive,
  parseSiteExport,
  readSiteExport,
  SiteImportRefused,
  unexportedTables,
  writeSiteExport,
  writeUploadsArchive,
} from './site-export';
import { buildWxr } from './wxr-export';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'quire-portable-'));
  process.env.UPLOADS_DIR = join(folder, 'uploads');
});
afterAll(() => {
  delete process.env.UPLOADS_DIR;
  rmSync(folder, { recursive: true, force: true });
});

let db: QuireDatabase;

/** A site with something in every exported table. */
async function populateSite(): Promise<void> {
  const admin = await createUser({
    name: 'Admin',
    handle: 'admin',
    email: 'admin@example.test',
    role: 'admin',
    passwordHash: 'argon2-hash',
  });
  const reader = await createUser({ name: 'Rita', handle: 'rita', email: 'rita@example.test', role: 'reader' });
  await applyImport(readExportFile(readFixture(wordpressFixturePath)), { defaultAuthorId: admin.id });
  await saveSiteSettings({ title: 'Round trip', postsPerPage: 7 });
  const post = (await db.select().from(posts))[0]!;
  await db.insert(postRevisions).values({
    postId: post.id,
    authorId: admin.id,
    kind: 'publish',
    title: post.title,
    document: '{"title":"x"}',
    savedAt: new Date(5),
  });
  const comment = await createComment({ postId: post.id, authorId: reader.id, markdown: 'Mine' });
  await toggleCommentLike({ commentId: comment.id, userId: admin.id });
  await reportComment({ commentId: comment.id, userId: admin.id, reason: 'spam', details: 'test' });
  await moderateComments(admin, { ids: [comment.id], action: 'remove', reason: 'Spam' });
  await addPostViews([[post.id, 12]], new Date('2026-11-01T10:00:00Z'));
  await db
    .insert(accounts)
    .values({ userId: reader.id, type: 'oidc', provider: 'oidc', providerAccountId: 'sub-1', access_token: 'token' });
  await createImportJob({ id: 'job-1', fileName: 'export.xml', startedBy: admin.id });
  await db
    .insert(uploads)
    .values({ id: 'a'.repeat(32), uploaderId: admin.id, originalName: 'x.png', width: 2, height: 2, variants: [] });
  await db.insert(subscribers).values({ email: 'fan@example.test', confirmedAt: new Date(7) });
  await db.insert(postFollows).values({ userId: reader.id, postId: post.id });
  await db.insert(postEmails).values({ postId: post.id, queuedAt: new Date(8), sentThrough: 1, sent: 1 });
}

describe('the Quire export (JSON)', () => {
  it('round-trips: export, import into an empty database, export again gives the same file', async () => {
    db = await useTestDatabase();
    await populateSite();
    const first = await readSiteExport(db, { withSecrets: true, now: new Date(1) });
    for (const table of exportedTables) expect(first.tables[table]?.length, table).toBeGreaterThan(0);
    const json = JSON.stringify(first);

    const fresh = await useTestDatabase();
    await writeSiteExport(fresh, await parseSiteExport(fresh, json));
    const second = await readSiteExport(fresh, { withSecrets: true, now: new Date(2) });
    expect({ ...second, exportedAt: '' }).toEqual({ ...first, exportedAt: '' });
    // The search index is rebuilt from the posts.
    expect((await searchPosts({ query: 'scaffold', limit: 5 })).total).toBeGreaterThan(0);
  });

  it('has a decision for every table: exported, or left out on purpose', async () => {
    const fresh = await useTestDatabase();
    const tables = (
      await rawRows<{ name: string }>(
        fresh,
        onPostgres
          ? sql`select table_name as name from information_schema.tables where table_schema = current_schema()`
          : sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'posts_fts_%'`,
      )
    ).map((row) => row.name);
    const decided = new Set<string>([...exportedTables, ...unexportedTables]);
    expect(tables.filter((table) => !decided.has(table))).toEqual([]);
  });

  it('leaves password hashes and sign-in tokens out unless asked for secrets', async () => {
    db = await useTestDatabase();
    await populateSite();
    const plain = await readSiteExport(db, { withSecrets: false });
    expect(plain.tables.users!.every((user) => user.password_hash === null)).toBe(true);
    expect(Object.keys(plain.tables)).not.toContain('sessions');
    expect(plain.tables.accounts!.every((account) => account.access_token === null)).toBe(true);
    const secret = await readSiteExport(db, { withSecrets: true });
    expect(secret.tables.users!.some((user) => user.password_hash === 'argon2-hash')).toBe(true);
  });

  it('refuses a non-empty database, other JSON, newer versions and unknown tables or columns', async () => {
    db = await useTestDatabase();
    await populateSite();
    const data = await readSiteExport(db, { withSecrets: false });
    await expect(writeSiteExport(db, data)).rejects.toThrow(SiteImportRefused);
    const fresh = await useTestDatabase();
    await expect(parseSiteExport(fresh, 'not json')).rejects.toThrow(/not valid JSON/);
    await expect(parseSiteExport(fresh, '{"posts": []}')).rejects.toThrow(/not a Quire export/);
    await expect(parseSiteExport(fresh, JSON.stringify({ ...data, version: 99 }))).rejects.toThrow(/version 99/);
    await expect(parseSiteExport(fresh, JSON.stringify({ ...data, tables: { secrets: [] } }))).rejects.toThrow(
      /secrets/,
    );
    const badColumn = { ...data, tables: { ...data.tables, posts: [{ id: 1, evil: 'x' }] } };
    await expect(parseSiteExport(fresh, JSON.stringify(badColumn))).rejects.toThrow(/column Quire does not know: evil/);
  });

  it('packs the uploads into a .tar beside the export and unpacks them', async () => {
    const source = join(folder, 'uploads-source');
    mkdirSync(join(source, 'ab'), { recursive: true });
    writeFileSync(join(source, 'ab', `${'ab'.repeat(16)}-640.webp`), 'image bytes');
    const archive = await writeUploadsArchive(source, join(folder, 'site.json'));
    expect(archive).toBe('site.uploads.tar');
    const target = join(folder, 'uploads-target');
    expect(await extractUploadsArchive(join(folder, archive!), target)).toBe(1);
    expect(readFileSync(join(target, 'ab', `${'ab'.repeat(16)}-640.webp`), 'utf8')).toBe('image bytes');
  });
});

describe('the WordPress (WXR) export', () => {
  it('is a WXR file Quire’s own WordPress importer reads back: posts, labels and comments', async () => {
    db = await useTestDatabase();
    await populateSite();
    const wxr = await buildWxr(db, { title: 'Round trip', description: 'd', url: 'https://blog.example.test' });
    const bundle = readExportFile(wxr);
    const rows = await db.select().from(posts);
    expect(bundle.format).toBe('wordpress');
    expect(bundle.posts).toHaveLength(rows.length);
    const original = rows.find((row) => row.title === 'What went wrong with the tomatoes')!;
    const exported = bundle.posts.find((post) => post.title === 'What went wrong with the tomatoes')!;
    expect(exported.slug).toBe(original.slug);
    expect(exported.status).toBe('published');
    expect(exported.comments).toHaveLength(11);
    expect(exported.labels.map((label) => label.toLowerCase())).toEqual(expect.arrayContaining(['diary', 'tomatoes']));
    expect(bundle.posts.find((post) => post.title === 'Seed swap next spring')?.status).toBe('scheduled');

    const copy = await useTestDatabase();
    const admin = await createUser({ name: 'A', handle: 'a', email: 'a@example.test', role: 'admin' });
    const report = await applyImport(bundle, { defaultAuthorId: admin.id });
    expect(report.created.posts).toBe(rows.length);
    expect((await copy.select().from(posts)).map((row) => row.slug).sort()).toEqual(rows.map((row) => row.slug).sort());
  });
});

describe('downloading imported images', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a6' } })
      .png()
      .toBuffer();
    server = createServer((request, response) => {
      if (request.url === '/photo.png') {
        response.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
      } else {
        response.writeHead(404).end('missing');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(async () => {
    db = await useTestDatabase();
  });

  it('stores each image like an upload and points the post at the copy; failures keep the old address', async () => {
    const bundle =
      readExportFile(`<rss xmlns:wp="https://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
      <item><title>Pictures</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
      <wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>
      <content:encoded><![CDATA[<p><img src="${base}/photo.png" alt="Green"></p><p><img src="${base}/gone.png" alt="Gone"></p>]]></content:encoded></item>
    </channel></rss>`);
    // The image server is on loopback, which the importer refuses unless a test allows it.
    const result = await downloadImages(bundle, null, undefined, { allowedAddresses: ['127.0.0.1'] });
    expect(result.downloaded).toBe(1);
    expect(result.failed).toEqual([{ url: `${base}/gone.png`, reason: 'the server answered 404' }]);
    const markdown = bundle.posts[0]!.markdown;
    expect(markdown).toMatch(/!\[Green\]\(\/uploads\/[a-f0-9]{32}-40\.webp\)/);
    expect(markdown).toContain(`${base}/gone.png`);
    expect(
      readdirSync(process.env.UPLOADS_DIR!, { recursive: true }).some((name) => String(name).endsWith('-40.webp')),
    ).toBe(true);
    expect(bundle.skipped.some((item) => item.item.includes('gone.png'))).toBe(true);
  });
});
