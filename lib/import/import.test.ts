import { and, count, eq, isNull } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { QuireDatabase } from '@/db/client';
import { findRedirect } from '@/db/queries/authoring';
import { createUser } from '@/db/queries/users';
import { comments, importItems, labels, postLabels, postRedirects, posts, users } from '@/db/schema';
import { useTestDatabase } from '@/db/test-database';
import { bloggerFixturePath, disqusFixturePath, readFixture, wordpressFixturePath } from '@/tests/fixtures';
import { applyImport } from './apply';
import { readExportFile } from './read';
import { PAGE_LABEL } from './wordpress';
import { ImportRefused, MAX_IMPORT_BYTES } from './xml';

let db: QuireDatabase;
let adminId: string;

beforeEach(() => {
  db = useTestDatabase();
  adminId = createUser({ name: 'Admin', handle: 'admin', email: 'admin@example.test', role: 'admin' }).id;
});

const wordpress = () => readExportFile(readFixture(wordpressFixturePath));
const tableCount = (table: typeof posts | typeof comments | typeof users | typeof postRedirects | typeof labels) =>
  db.select({ n: count() }).from(table).get()!.n;
const postByTitle = (title: string) => db.select().from(posts).where(eq(posts.title, title)).get();

describe('WordPress import (Theme Unit Test data)', () => {
  it('imports posts and pages with their statuses, authors, labels and threaded comments', async () => {
    const bundle = wordpress();
    const report = await applyImport(bundle, { defaultAuthorId: adminId });
    const wordpressPosts = bundle.posts;
    expect(report.created.posts).toBe(wordpressPosts.length);
    expect(tableCount(posts)).toBe(wordpressPosts.length);

    // Statuses: future → scheduled, draft → draft, password-protected → draft (never published).
    expect(postByTitle('Scheduled')?.status).toBe('scheduled');
    expect(postByTitle('Draft')?.status).toBe('draft');
    expect(postByTitle('Template: Password Protected (the password is "enter")')?.status).toBe('draft');
    expect(postByTitle('Markup: HTML Tags and Formatting')?.status).toBe('published');
    expect(postByTitle('Markup: HTML Tags and Formatting')?.slug).toBe('markup-html-tags-and-formatting');

    // Two authors, created as authors without a password, owning their posts.
    const imported = db.select().from(users).where(eq(users.email, 'themereviewteam@gmail.com')).get();
    expect(imported).toMatchObject({ role: 'author', passwordHash: null, name: 'Theme Reviewer' });
    expect(report.created.users).toBe(2);

    // Categories and tags became labels; pages carry the Page label.
    const labelsOf = (postId: number) =>
      db
        .select({ name: labels.name })
        .from(postLabels)
        .innerJoin(labels, eq(labels.id, postLabels.labelId))
        .where(eq(postLabels.postId, postId))
        .all()
        .map((row) => row.name.toLowerCase())
        .sort();
    const manyTags = postByTitle('Edge Case: Many Tags')!;
    expect(labelsOf(manyTags.id)).toEqual(expect.arrayContaining(['8bit', 'swagger', 'wordpress.tv', 'classic']));
    expect(labelsOf(postByTitle('About The Tests')!.id)).toContain(PAGE_LABEL.toLowerCase());
    const childCategory = db.select().from(labels).where(eq(labels.name, 'Grandchild Category')).get();
    expect(childCategory).toBeDefined();

    // Comments: 33 in the file, 4 pingbacks/trackbacks skipped; threads kept; unapproved held.
    expect(report.created.comments).toBe(29);
    const template = postByTitle('Template: Comments')!;
    const threaded = db.select().from(comments).where(eq(comments.postId, template.id)).all();
    expect(threaded.length).toBe(20);
    expect(threaded.filter((comment) => comment.parentId !== null).length).toBeGreaterThan(5);
    const depth = (id: number | null, level = 0): number =>
      id === null ? level : depth(threaded.find((comment) => comment.id === id)?.parentId ?? null, level + 1);
    expect(Math.max(...threaded.map((comment) => depth(comment.parentId)))).toBeGreaterThanOrEqual(9);
    expect(db.select().from(comments).where(eq(comments.status, 'pending')).all().length).toBe(3);
    expect(report.skipped.filter((item) => /pingback|trackback/.test(item.reason))).toHaveLength(4);

    // Commenters without an account keep their name and email, linked to no user.
    const anonymous = db.select().from(comments).where(eq(comments.authorName, 'Anon')).get();
    expect(anonymous).toMatchObject({ authorId: null, authorEmail: 'anon@example.com' });
  });

  it('renders no shortcode, block comment or unsafe HTML', async () => {
    await applyImport(wordpress(), { defaultAuthorId: adminId });
    for (const post of db.select().from(posts).all()) {
      const withoutCode = post.bodyHtml.replace(/<pre[\s\S]*?<\/pre>|<code[\s\S]*?<\/code>/g, '');
      expect(withoutCode, post.title).not.toMatch(/\[\/?(caption|gallery|audio|video|embed)\b/);
      expect(withoutCode, post.title).not.toContain('<!--');
      expect(post.bodyHtml, post.title).not.toMatch(/<script|<iframe|\son[a-z]+=|javascript:/i);
    }
  });

  it('gives posts to an existing account with the author’s email, and says when that account is a reader', async () => {
    const reader = createUser({ name: 'Rev', handle: 'rev', email: 'themereviewteam@gmail.com', role: 'reader' });
    const report = await applyImport(wordpress(), { defaultAuthorId: adminId });
    expect(report.created.users).toBe(1);
    expect(db.select().from(posts).where(eq(posts.authorId, reader.id)).all().length).toBeGreaterThan(0);
    expect(db.select().from(users).where(eq(users.id, reader.id)).get()?.role).toBe('reader');
    expect(report.notices).toEqual([expect.stringContaining('existing account @rev, a reader: make it an author')]);
  });

  it('redirects old WordPress addresses to the new posts', async () => {
    await applyImport(wordpress(), { defaultAuthorId: adminId });
    expect(findRedirect({ path: '/2013/01/11/markup-html-tags-and-formatting' })).toEqual({
      slug: 'markup-html-tags-and-formatting',
      status: 'published',
    });
    expect(findRedirect({ path: '/?p=1178' })?.slug).toBe('markup-html-tags-and-formatting');
    expect(findRedirect({ path: '/?page_id=2' })?.slug).toBe('about');
  });

  it('creates nothing twice when the same file is imported again', async () => {
    await applyImport(wordpress(), { defaultAuthorId: adminId });
    const before = [
      tableCount(posts),
      tableCount(comments),
      tableCount(users),
      tableCount(postRedirects),
      tableCount(labels),
    ];
    const again = await applyImport(wordpress(), { defaultAuthorId: adminId });
    expect([
      tableCount(posts),
      tableCount(comments),
      tableCount(users),
      tableCount(postRedirects),
      tableCount(labels),
    ]).toEqual(before);
    expect(again.created).toEqual({ users: 0, posts: 0, comments: 0, redirects: 0 });
    expect(again.skipped.filter((item) => item.reason === 'already imported and unchanged')).toHaveLength(before[0]!);
  });

  it('updates a post changed on the old site, but never one edited in Quire since', async () => {
    const original = readFixture(wordpressFixturePath).toString('utf8');
    await applyImport(readExportFile(original), { defaultAuthorId: adminId });
    const changed = original
      .replace('<title>Markup: HTML Tags and Formatting</title>', '<title>Markup: HTML Tags, Revised</title>')
      .replace('<title>Markup: Image Alignment</title>', '<title>Markup: Image Alignment, Revised</title>');
    const alignment = postByTitle('Markup: Image Alignment')!;
    db.update(posts)
      .set({ title: 'Edited here', version: alignment.version + 1 })
      .where(eq(posts.id, alignment.id))
      .run();
    const report = await applyImport(readExportFile(changed), { defaultAuthorId: adminId });
    expect(report.updated.posts).toBe(1);
    expect(postByTitle('Markup: HTML Tags, Revised')).toBeDefined();
    expect(db.select().from(posts).where(eq(posts.id, alignment.id)).get()?.title).toBe('Edited here');
    expect(report.skipped.some((item) => item.reason.startsWith('edited in Quire'))).toBe(true);
  });

  it('takes back every batch already written when a later batch fails', async () => {
    const labelsBefore = tableCount(labels);
    let batches = 0;
    await expect(
      applyImport(wordpress(), {
        defaultAuthorId: adminId,
        batchSize: 10,
        onProgress: () => {
          batches += 1;
          // After the second batch is committed, the database starts refusing comments.
          if (batches === 2) {
            db.$client.exec(
              "create trigger refuse_comments before insert on comments begin select raise(abort, 'disk full'); end",
            );
          }
        },
      }),
    ).rejects.toThrow('disk full');
    db.$client.exec('drop trigger refuse_comments');
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(tableCount(posts)).toBe(0);
    expect(tableCount(comments)).toBe(0);
    expect(tableCount(postRedirects)).toBe(0);
    expect(tableCount(labels)).toBe(labelsBefore);
    expect(
      db
        .select()
        .from(users)
        .all()
        .map((user) => user.handle),
    ).toEqual(['admin']);
    expect(db.select({ n: count() }).from(importItems).get()!.n).toBe(0);
    // And the same file then imports in full.
    const report = await applyImport(wordpress(), { defaultAuthorId: adminId });
    expect(report.created.posts).toBe(tableCount(posts));
  });
});

describe('Blogger and Disqus import', () => {
  it('imports Blogger posts, drafts, labels and replies, with the old addresses redirected', async () => {
    const report = await applyImport(readExportFile(readFixture(bloggerFixturePath)), { defaultAuthorId: adminId });
    expect(report.created).toMatchObject({ posts: 3, comments: 3, users: 1, redirects: 2 });
    expect(postByTitle('Tide pools at dawn')).toMatchObject({ status: 'published', slug: 'tide-pools-at-dawn' });
    expect(postByTitle('Half-written thoughts on gulls')?.status).toBe('draft');
    expect(postByTitle('A post I deleted')).toBeUndefined();
    // The script in a title is dropped; the one in the body never reaches the page.
    const storm = postByTitle('Storm warning')!;
    expect(storm.bodyHtml).not.toMatch(/<script|onclick|alert/);
    expect(findRedirect({ path: '/2011/05/tide-pools-at-dawn.html' })?.slug).toBe('tide-pools-at-dawn');
    const tide = postByTitle('Tide pools at dawn')!;
    const thread = db.select().from(comments).where(eq(comments.postId, tide.id)).orderBy(comments.id).all();
    expect(thread.map((comment) => comment.authorName)).toEqual(['Jonas', 'Marta Lindqvist', 'Priya']);
    expect(thread[1]!.parentId).toBe(thread[0]!.id);
    expect(thread[2]!.parentId).toBe(thread[1]!.id);
    expect(thread[0]!.authorEmail).toBeNull(); // Blogger's noreply address is not kept.
    expect(report.skipped.map((item) => item.reason)).toEqual(
      expect.arrayContaining(['in the Blogger trash', 'its Blogger status is spam']),
    );
  });

  it('attaches Disqus comments to the imported posts by their old address, threaded', async () => {
    await applyImport(readExportFile(readFixture(bloggerFixturePath)), { defaultAuthorId: adminId });
    const report = await applyImport(readExportFile(readFixture(disqusFixturePath)));
    expect(report.created.comments).toBe(3);
    const storm = postByTitle('Storm warning')!;
    const thread = db.select().from(comments).where(eq(comments.postId, storm.id)).orderBy(comments.id).all();
    expect(thread.map((comment) => [comment.authorName, comment.parentId === null])).toEqual([
      ['Olle', true],
      ['Sanna', false],
      ['Guest', false],
    ]);
    expect(report.skipped.map((item) => item.reason)).toEqual(
      expect.arrayContaining(['marked spam in Disqus', 'deleted in Disqus']),
    );
    expect(report.skipped.some((item) => item.reason.startsWith('no imported or Quire post answers'))).toBe(true);
    const again = await applyImport(readExportFile(readFixture(disqusFixturePath)));
    expect(again.created.comments).toBe(0);
    expect(db.select({ n: count() }).from(comments).where(isNull(comments.authorId)).get()!.n).toBe(6);
    expect(
      db
        .select()
        .from(comments)
        .where(and(eq(comments.postId, storm.id)))
        .all(),
    ).toHaveLength(3);
  });
});

describe('refusing bad and hostile files', () => {
  const refusal = (content: string | Buffer) => {
    try {
      readExportFile(content);
    } catch (error) {
      expect(error).toBeInstanceOf(ImportRefused);
      return (error as Error).message;
    }
    throw new Error('The file was accepted');
  };

  it('refuses what is not an export, with a sentence saying why', () => {
    expect(refusal('')).toMatch(/empty/);
    expect(refusal('{"hello": "world"}')).toMatch(/not XML/);
    expect(refusal('<html><body>Hi</body></html>')).toMatch(/root element is <html>/);
    expect(refusal('<rss><channel><title>x</title></channel></rss>')).toMatch(/not a WordPress export/);
    expect(refusal('<rss><channel><title>x</title></chan></rss>')).toMatch(/not well-formed XML.*line 1/);
  });

  it('refuses entity expansion ("billion laughs") and external entities before parsing', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><wp:wxr_version>1.2</wp:wxr_version><title>&lol3;</title></channel></rss>`;
    expect(refusal(laughs)).toMatch(/DOCTYPE or XML entities/);
    expect(refusal('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss>&xxe;</rss>')).toMatch(/DOCTYPE/);
  });

  it('refuses a file over the size limit without reading it', () => {
    const huge = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20);
    expect(refusal(huge)).toMatch(/larger than 100 MB/);
  });

  it('cleans markup and scripts out of titles', () => {
    const bundle =
      readExportFile(`<rss xmlns:wp="https://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
      <item><title>&lt;script&gt;alert(1)&lt;/script&gt;Hello &lt;b&gt;there&lt;/b&gt;</title><wp:post_id>1</wp:post_id>
      <wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt></item>
    </channel></rss>`);
    expect(bundle.posts[0]?.title).toBe('Hello there');
  });
});
