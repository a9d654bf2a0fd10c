// `npm run soak`: does every acknowledged write show to the very next visitor, after many minutes of
// mixed load on a page cache larger than the server's memory for it? Builds if there is no build,
// makes a large blog in data/soak/, starts the production server (scripts/server.mjs), and runs:
// readers over many pages (posts, comment pages, home, labels, authors, archive, feeds, searches)
// with their view beacons, while signed-in readers post comments, moderators remove them and authors
// publish posts, each through the same HTTP requests a browser makes. After every acknowledged write
// the pages it changed are asked for as a visitor; a page that does not show the write (or still
// shows a removed comment) is a stale answer, followed until it turns fresh. Exits 1 on any, and when
// a kind of write never succeeded (a run that could not write checked nothing).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '@/db/client';
import { generateLargeBlog } from '@/bench/large-blog';
import { migrateDatabase } from '@/db/migrate';
import { hashPassword } from '@/lib/server/passwords';
import { decodeEntities, findForm, readForms, type HtmlForm } from './soak/html';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, 'data', 'soak');
const port = Number(process.env.SOAK_PORT ?? 3300);
const origin = `http://localhost:${port}`;
const minutes = Number(process.env.SOAK_MINUTES ?? 20);
const POSTS = Number(process.env.SOAK_POSTS ?? 3000);
const COMMENTS = Number(process.env.SOAK_COMMENTS ?? 30_000);
const READERS = Number(process.env.SOAK_READERS ?? 6);
// Megabytes of page cache for the server (its PAGE_CACHE_MB); unset: the server's default (50).
const cacheMegabytes = process.env.SOAK_CACHE_MB;
// Seconds the server's wall clock is set ahead of its monotonic clock, as after an NTP step or a
// paused VM on a long-running server. 0: the clocks agree, as on a fresh server.
const clockSkewSeconds = Number(process.env.SOAK_CLOCK_SKEW ?? 0);
const PASSWORD = 'soak test passphrase';
// How long a stale page is followed before it is reported as never turning fresh.
const FOLLOW_MS = 5 * 60_000;

if (!Number.isFinite(minutes) || minutes <= 0) throw new Error('SOAK_MINUTES must be a positive number.');

// ---------- figures ----------

type Stale = { write: string; url: string; at: number; staleForMs: number | null };
const figures = {
  requests: 0,
  failedRequests: 0,
  cacheHits: 0,
  cacheMisses: 0,
  writes: { comment: 0, removal: 0, publish: 0 },
  refusedWrites: 0,
  checks: 0,
  stale: [] as Stale[],
  beacons: 0,
  searches: 0,
  /** How long each acknowledged write took to answer, in ms. */
  writeMs: [] as number[],
};
const refusals = new Map<string, number>();
const follows: Promise<void>[] = [];
let stopping = false;
// Set again when the load begins: times in the report count from there.
let startedAt = Date.now();
let loadMinutes = 0;
const elapsed = () => `${((Date.now() - startedAt) / 60_000).toFixed(1)} min`;

function refused(what: string, reason: string) {
  figures.refusedWrites++;
  const key = `${what}: ${reason.slice(0, 120)}`;
  refusals.set(key, (refusals.get(key) ?? 0) + 1);
}

// ---------- the blog ----------

type Account = { email: string; cookie?: string };
type Blog = { databasePath: string; posts: { id: number; slug: string }[]; hot: string[]; authors: string[] };

async function makeBlog(): Promise<Blog & { commenters: Account[]; moderators: Account[]; writers: Account[] }> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const databasePath = join(dataDir, 'quire.db');
  const db = openDatabase(databasePath);
  await migrateDatabase(db);
  db.$client
    .prepare(`insert into settings (key, value) values ('title', 'Quire soak'), ('description', 'Soak test.')`)
    .run();
  console.log(`▶ Creating ${POSTS.toLocaleString()} posts and ${COMMENTS.toLocaleString()} comments in ${dataDir}`);
  generateLargeBlog(db, { posts: POSTS, comments: COMMENTS });
  const passwordHash = await hashPassword(PASSWORD);
  // Accounts older than a day, so the new-account limits (2 comments a minute) do not apply; enough
  // commenters that none reaches 5 a minute or 100 a day however long the run.
  const monthAgo = Date.now() - 30 * 86_400_000;
  const insert = db.$client.prepare(
    `insert into users (id, name, handle, email, role, password_hash, created_at) values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const make = (role: string, count: number) =>
    Array.from({ length: count }, (_, index) => {
      const email = `soak-${role}-${index}@quire.test`;
      insert.run(
        `soak-${role}-${index}`,
        `Soak ${role} ${index}`,
        `soak-${role}-${index}`,
        email,
        role,
        passwordHash,
        monthAgo,
      );
      return { email };
    });
  const commenters = make('reader', Math.max(40, Math.ceil(minutes * 3)));
  const moderators = make('moderator', 2);
  const writers = make('author', 2);
  const posts = db.$client.prepare(`select id, slug from posts where status = 'published' order by id`).all() as {
    id: number;
    slug: string;
  }[];
  const authors = (
    db.$client.prepare(`select handle from users where role = 'author'`).all() as { handle: string }[]
  ).map((row) => row.handle);
  db.$client.close();
  // The posts that get comments: some of the newest (many comments, several pages) and some older ones.
  const hot = [...posts.slice(0, 15), ...posts.filter((_, index) => index % 97 === 13).slice(0, 25)].map(
    (post) => post.slug,
  );
  return { databasePath, posts, hot, authors, commenters, moderators, writers };
}

// ---------- the server ----------

function build() {
  console.log('▶ next build');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', SITE_URL: origin },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('next build failed');
}

async function startServer(databasePath: string): Promise<ChildProcess> {
  const log = createWriteStream(join(dataDir, 'server.log'));
  const skew = clockSkewSeconds ? join(root, 'scripts', 'soak', 'clock-skew.mjs') : null;
  const server = spawn(process.execPath, [join(root, 'scripts', 'server.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      ...(skew ? { NODE_OPTIONS: `--import ${skew}` } : {}),
      SOAK_CLOCK_SKEW: String(clockSkewSeconds),
      PORT: String(port),
      HOSTNAME: 'localhost',
      DATABASE_URL: `file:${databasePath}`,
      QUIRE_DATA_DIR: dataDir,
      SEED_DEMO: '0',
      SITE_URL: origin,
      SEARCH_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      // One process unless asked for more (the server's own default is one per core).
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
      ...(cacheMegabytes ? { PAGE_CACHE_MB: cacheMegabytes } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);
  for (let attempt = 0; attempt < 150; attempt++) {
    if (server.exitCode !== null) break;
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  server.kill();
  throw new Error(`The production server did not start; see ${join(dataDir, 'server.log')}.`);
}

// ---------- HTTP as a browser ----------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36 QuireSoak';

async function request(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('user-agent', userAgent);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.method === 'POST') headers.set('origin', origin);
  figures.requests++;
  try {
    const response = await fetch(`${origin}${path}`, { ...init, headers, redirect: 'manual' });
    const cache = response.headers.get('x-nextjs-cache');
    if (cache === 'HIT') figures.cacheHits++;
    else if (cache === 'MISS' || cache === 'STALE') figures.cacheMisses++;
    if (response.status >= 500) figures.failedRequests++;
    return response;
  } catch (error) {
    figures.failedRequests++;
    throw error;
  }
}

/** What a visitor without a session gets at this address (the page body). */
async function visit(path: string, following = false): Promise<{ status: number; body: string; from: string }> {
  // Following a stale page is not part of the load: not counted, not in the cache figures.
  const response = following
    ? await fetch(`${origin}${path}`, { headers: { 'user-agent': userAgent }, redirect: 'manual' })
    : await request(path);
  // Which cache answered: the front door's, then Next's page cache (for the report of a stale answer).
  const from = `front ${response.headers.get('x-quire-cache') ?? '-'}, Next ${response.headers.get('x-nextjs-cache') ?? '-'}`;
  return { status: response.status, body: await response.text(), from };
}

async function signIn(account: Account): Promise<void> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: account.email, password: PASSWORD }),
  });
  account.cookie = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0]!)
    .find((cookie) => cookie.startsWith('authjs.session-token='));
  if (!account.cookie) throw new Error(`${account.email} could not sign in.`);
}

/** Posts a form the way a browser without JavaScript does: its hidden fields plus the typed ones. */
/** Posts a form as a browser without JavaScript does: multipart when the form says so, else urlencoded. */
async function postForm(path: string, form: HtmlForm, typed: Record<string, string>, cookie: string) {
  const body = form.enctype?.toLowerCase() === 'multipart/form-data' ? new FormData() : new URLSearchParams();
  for (const [name, value] of form.fields) body.append(name, value);
  for (const [name, value] of Object.entries(typed)) body.append(name, value);
  return request(form.action && form.action.startsWith('/') ? form.action : path, { method: 'POST', body, cookie });
}

/** The sentence a refused form shows (its role="alert"), for the report. */
function problemIn(html: string): string {
  const alert = /role="alert"[^>]*>([\s\S]*?)<\//.exec(html);
  return alert ? decodeEntities(alert[1]!.replace(/<[^>]+>/g, '')).trim() : 'no redirect and no message';
}

// ---------- checks ----------

/**
 * Asks for `url` as a visitor right after a write: `shows` says whether the answer reflects it. A stale
 * answer is counted and then followed until it turns fresh, to report how long it stayed stale.
 */
async function check(write: string, url: string, shows: (page: { status: number; body: string }) => boolean) {
  figures.checks++;
  const answer = await visit(url);
  if (shows(answer)) return;
  const stale: Stale = { write, url, at: Date.now() - startedAt, staleForMs: null };
  figures.stale.push(stale);
  console.log(`  ✗ ${elapsed()}: stale ${url} after ${write} (${answer.from})`);
  const since = Date.now();
  follows.push(
    (async () => {
      while (Date.now() - since < FOLLOW_MS) {
        await sleep(250);
        if (shows(await visit(url, true))) {
          stale.staleForMs = Date.now() - since;
          console.log(`    ${url} turned fresh after ${(stale.staleForMs / 1000).toFixed(1)} s`);
          return;
        }
      }
    })(),
  );
}

// ---------- the actors ----------

type Posted = { slug: string; id: number; token: string };
const recentComments: Posted[] = [];
let sequence = 0;
const token = (kind: string) => `soak${kind}${++sequence}x${Math.random().toString(36).slice(2, 8)}`;

/** A form's hidden fields with some of them given other values. */
function withFields(form: HtmlForm, values: Record<string, string>): HtmlForm {
  return { ...form, fields: form.fields.map(([name, value]) => [name, values[name] ?? value]) };
}

/** Where the comment form posts (app/api/posts/[id]/comments). */
const COMMENT_FORM_ACTION = /^\/api\/posts\/\d+\/comments$/;

async function commenter(accounts: Account[], hot: () => string[], postIds: Map<string, number>) {
  // The comment form is the same on every post but for the post's id in its address and the page it
  // is on: read once from a rendered page.
  let template: HtmlForm | undefined;
  while (!stopping) {
    const account = accounts.shift()!;
    accounts.push(account);
    const slug = pick(hot());
    if (!template) {
      const page = await request(`/posts/${slug}`, { cookie: account.cookie });
      template = readForms(await page.text()).find((found) => COMMENT_FORM_ACTION.test(found.action ?? ''));
      if (!template) {
        refused('comment', `no comment form on /posts/${slug} (${page.status})`);
        await sleep(1000);
        continue;
      }
    }
    const form = {
      ...withFields(template, { here: `/posts/${slug}` }),
      action: `/api/posts/${postIds.get(slug)}/comments`,
    };
    const mark = token('c');
    const sent = performance.now();
    const response = await postForm(
      `/posts/${slug}`,
      form,
      { body: `A soak comment ${mark}, posted under load.` },
      account.cookie!,
    );
    const location = response.headers.get('location');
    const id = Number(/#comment-(\d+)/.exec(location ?? '')?.[1]);
    if (response.status !== 303 || !location || !id) {
      refused('comment', response.status === 303 ? `redirect to ${location}` : problemIn(await response.text()));
      await sleep(1000);
      continue;
    }
    figures.writes.comment++;
    figures.writeMs.push(performance.now() - sent);
    const where = new URL(location, origin).pathname;
    const checks = [check(`comment ${id}`, `/posts/${slug}/comments/newest`, (visitor) => visitor.body.includes(mark))];
    // The address the writer was sent to shows the comment to visitors too.
    if (where !== `/posts/${slug}/comments/newest`) {
      checks.push(check(`comment ${id}`, where, (visitor) => visitor.body.includes(mark)));
    }
    await Promise.all(checks);
    // Only now may a moderator remove it: a removal during its checks would make them fail.
    recentComments.push({ slug, id, token: mark });
    if (recentComments.length > 200) recentComments.shift();
    await sleep(500 + Math.random() * 1500);
  }
}

async function moderator(account: Account) {
  // The remove form is read once from a rendered page (`?remove=<id>` opens it under that comment);
  // later removals post the same form for another comment.
  let template: HtmlForm | undefined;
  while (!stopping) {
    await sleep(3000 + Math.random() * 3000);
    // One of the comments posted a little while ago (newest first on its post's newest page).
    const target = recentComments.splice(Math.max(0, recentComments.length - 1 - Math.floor(Math.random() * 5)), 1)[0];
    if (!target) continue;
    const pagePath = `/posts/${target.slug}/comments/newest`;
    if (!template) {
      const page = await request(`${pagePath}?remove=${target.id}`, { cookie: account.cookie });
      template = findForm(await page.text(), 'target', `remove:${target.id}`);
      if (!template) {
        refused('removal', `no remove form for comment ${target.id} (${page.status})`);
        continue;
      }
    }
    const form = withFields(template, {
      target: `remove:${target.id}`,
      returnTo: `${pagePath}#comment-${target.id}`,
    });
    const sent = performance.now();
    const response = await postForm(
      pagePath,
      form,
      { reasonChoice: 'other', reason: 'Soak test removal.' },
      account.cookie!,
    );
    if (response.status !== 303 || !/notice=/.test(response.headers.get('location') ?? '')) {
      refused('removal', `answered ${response.status} ${response.headers.get('location') ?? ''}`);
      continue;
    }
    figures.writes.removal++;
    figures.writeMs.push(performance.now() - sent);
    await check(`removal of comment ${target.id}`, pagePath, (visitor) => !visitor.body.includes(target.token));
  }
}

async function author(
  account: Account,
  actions: { create: string; save: string },
  published: string[],
  postIds: Map<string, number>,
) {
  while (!stopping) {
    await sleep(15_000 + Math.random() * 15_000);
    if (stopping) break;
    // "New post" on the dashboard: a plain form, answered with a redirect to the editor.
    const created = await request('/dashboard', {
      method: 'POST',
      cookie: account.cookie,
      body: (() => {
        const form = new FormData();
        form.append(`$ACTION_ID_${actions.create}`, '');
        return form;
      })(),
    });
    const postId = Number(/\/dashboard\/posts\/(\d+)/.exec(created.headers.get('location') ?? '')?.[1]);
    if (!postId) {
      refused('publish', `New post answered ${created.status}`);
      continue;
    }
    const mark = token('p');
    const title = `Soak post ${mark}`;
    // The editor's Publish button: its JavaScript calls the server action with the whole document.
    const input = {
      postId,
      baseVersion: 0,
      sessionId: `soak-${mark}`,
      intent: 'publish',
      overwrite: true,
      document: {
        title,
        markdown: `Published by the soak test under load. ${mark}`,
        slug: '',
        excerpt: `An excerpt for ${mark}.`,
        labels: ['Soak'],
        coverImage: '',
        coverAlt: '',
        seoTitle: '',
        seoDescription: '',
        commentsOpen: true,
      },
    };
    const sent = performance.now();
    const response = await request(`/dashboard/posts/${postId}`, {
      method: 'POST',
      cookie: account.cookie,
      headers: { 'next-action': actions.save, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify([input]),
    });
    const answer = await response.text();
    const slug = /"slug":"([a-z0-9-]+)"/.exec(answer)?.[1];
    if (response.status !== 200 || !answer.includes('"kind":"saved"') || !slug) {
      refused('publish', `answered ${response.status}: ${answer.slice(0, 200)}`);
      continue;
    }
    figures.writes.publish++;
    figures.writeMs.push(performance.now() - sent);
    published.push(slug);
    postIds.set(slug, postId);
    const shows = (visitor: { body: string }) => visitor.body.includes(mark);
    await Promise.all([
      check(`publish ${slug}`, `/posts/${slug}`, (visitor) => visitor.status === 200 && shows(visitor)),
      check(`publish ${slug}`, '/', shows),
      check(`publish ${slug}`, '/feed.xml', shows),
      check(`publish ${slug}`, '/atom.xml', shows),
    ]);
  }
}

const vocabulary = (
  'blog garden writing tools web morning draft comment reader author label archive search feed photograph ' +
  'canal walk kitchen backup server cache query index thread reply moderation winter spring summer autumn'
).split(' ');

async function reader(blog: Blog, hot: () => string[]) {
  while (!stopping) {
    const roll = Math.random();
    const post = pick(blog.posts);
    // Hot posts more often: they are the ones being written to, so their pages are rendered again
    // while writes land, the case a race would show in.
    const slug = roll < 0.25 ? pick(hot()) : post.slug;
    let path: string;
    if (roll < 0.45) path = `/posts/${slug}`;
    else if (roll < 0.6) path = `/posts/${slug}/comments/${pick(['newest', '2', 'newest/2'])}`;
    else if (roll < 0.7) path = pick(['/', '/page/2', '/page/3', `/page/${2 + Math.floor(Math.random() * 50)}`]);
    else if (roll < 0.78)
      path = `/labels/topic-${Math.floor(Math.random() * 50)}${Math.random() < 0.3 ? '/page/2' : ''}`;
    else if (roll < 0.82) path = `/authors/${pick(blog.authors)}`;
    else if (roll < 0.85) path = pick(['/archive', '/feed.xml', '/atom.xml', '/sitemap.xml']);
    else {
      figures.searches++;
      path = `/search?q=${encodeURIComponent(`${pick(vocabulary)} ${pick(vocabulary)}`)}`;
    }
    try {
      const response = await request(path);
      await response.arrayBuffer();
      // The page's view beacon, as a browser loading the post page sends it.
      if (path === `/posts/${slug}` && slug === post.slug) {
        figures.beacons++;
        await (await request(`/api/views/${post.id}`)).arrayBuffer();
      }
    } catch {
      await sleep(200);
    }
  }
}

// ---------- the run ----------

function actionIds(): { create: string; save: string } {
  const manifest = JSON.parse(
    readFileSync(join(root, '.next', 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const find = (file: string, name: string) => {
    const found = Object.entries(manifest.node).find(
      ([, entry]) => entry.filename === file && entry.exportedName === name,
    );
    if (!found) throw new Error(`The build has no server action ${name} in ${file}.`);
    return found[0];
  };
  return {
    create: find('app/dashboard/actions.ts', 'createPostAction'),
    save: find('app/dashboard/posts/[id]/actions.ts', 'savePostAction'),
  };
}

function report() {
  const stale = figures.stale;
  const worst = stale.reduce((most, entry) => Math.max(most, entry.staleForMs ?? FOLLOW_MS), 0);
  console.log(`\n▶ Soak test, ${loadMinutes.toFixed(1)} min of load`);
  console.log(
    `  requests ${figures.requests.toLocaleString()} (page cache hits ${figures.cacheHits.toLocaleString()}, ` +
      `misses ${figures.cacheMisses.toLocaleString()}; ${figures.searches.toLocaleString()} searches, ` +
      `${figures.beacons.toLocaleString()} view beacons; ${figures.failedRequests} failed)`,
  );
  const writes = figures.writes.comment + figures.writes.removal + figures.writes.publish;
  console.log(
    `  writes ${writes} (comments ${figures.writes.comment}, removals ${figures.writes.removal}, ` +
      `posts published ${figures.writes.publish}); refused ${figures.refusedWrites}`,
  );
  for (const [reason, count] of refusals) console.log(`    refused ×${count}: ${reason}`);
  const sorted = [...figures.writeMs].sort((a, b) => a - b);
  const at = (share: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0);
  console.log(`  write answered in ms: p50 ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)}`);
  console.log(`  checks ${figures.checks}`);
  console.log(`  stale ${stale.length}${stale.length ? `, the longest ${(worst / 1000).toFixed(1)} s` : ''}`);
  for (const entry of stale) {
    const how =
      entry.staleForMs === null
        ? `still stale after ${FOLLOW_MS / 1000} s`
        : `${(entry.staleForMs / 1000).toFixed(1)} s`;
    console.log(`    ${entry.url} after ${entry.write} (at ${(entry.at / 60_000).toFixed(1)} min): ${how}`);
  }
}

async function main() {
  if (process.argv.includes('--build') || !existsSync(join(root, '.next', 'BUILD_ID'))) build();
  const blog = await makeBlog();
  const server = await startServer(blog.databasePath);
  try {
    console.log(
      `▶ Server on ${origin} (page cache ${cacheMegabytes ?? 'default'} MB, clock skew ${clockSkewSeconds} s); signing in`,
    );
    for (const account of [...blog.commenters, ...blog.moderators, ...blog.writers]) await signIn(account);
    const actions = actionIds();
    const published: string[] = [];
    const postIds = new Map(blog.posts.map((post) => [post.slug, post.id]));
    const hot = () => [...blog.hot, ...published.slice(-10)];
    startedAt = Date.now();
    const until = startedAt + minutes * 60_000;
    console.log(`▶ ${minutes} min of load: ${READERS} readers, 4 commenters, 2 moderators, 2 authors`);
    const progress = setInterval(() => {
      const writes = figures.writes.comment + figures.writes.removal + figures.writes.publish;
      console.log(
        `  ${elapsed()}: ${figures.requests} requests, ${writes} writes, ${figures.checks} checks, ${figures.stale.length} stale`,
      );
    }, 60_000);
    const actors = [
      ...Array.from({ length: READERS }, () => reader(blog, hot)),
      ...Array.from({ length: 4 }, () => commenter(blog.commenters, hot, postIds)),
      ...blog.moderators.map((account) => moderator(account)),
      ...blog.writers.map((account) => author(account, actions, published, postIds)),
    ];
    await sleep(Math.max(0, until - Date.now()));
    stopping = true;
    clearInterval(progress);
    await Promise.all(actors);
    loadMinutes = (Date.now() - startedAt) / 60_000;
    if (follows.length) console.log('▶ Following the stale pages until they turn fresh');
    await Promise.all(follows);
  } finally {
    server.kill('SIGTERM');
  }
  report();
  // A run whose writes were all refused checked nothing: that fails too, rather than passing with 0 stale.
  const idle = Object.entries(figures.writes).filter(([, count]) => count === 0);
  for (const [kind] of idle) console.log(`  ✗ no ${kind} was acknowledged: the soak test could not write`);
  process.exitCode = figures.stale.length > 0 || idle.length > 0 ? 1 : 0;
}

await main();
