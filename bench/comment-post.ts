// Comment posting under load: many signed-in readers post comments through the post page's form,
// as a browser without JavaScript does (a urlencoded POST to the form's route handler, answered by a
// 303 to the new comment), 50 connections at once, with the moderation rules on. Rerunnable: each run makes its own
// readers (old enough for the ordinary limits), posts, counts the rows it added, and removes them.
//
//   node --conditions=react-server --import tsx bench/comment-post.ts            (builds nothing;
//       makes a database when bench/data/quire.db is missing, starts the production server, measures)
//   BENCH_SECONDS=15 BENCH_PORT=3400 … bench/comment-post.ts --origin http://localhost:3000 --database …
//       [--data-dir …] (a server that is already running on that database, a file or a postgres://
//       URL, with its secrets in that data folder, bench/data by default)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { encode } from 'next-auth/jwt';
import { openDatabase } from '@/db/client';
import { generateLargeBlog } from '@/bench/large-blog';
import { migrateDatabase } from '@/db/migrate';
import { momentOn, openSql, type TestSql } from '@/e2e/support/sql';
import { runWrk, wrkInstalled } from './wrk';

const POST_SLUG = 'post-with-100-comments';
const COOKIE_NAME = 'authjs.session-token';
const DAY_MS = 86_400_000;
// Each reader posts at most this many comments in a run: under the per-minute limit of 5, so the
// figure is the server's pace, not the limit's refusals.
const COMMENTS_PER_READER = 4;
// Enough readers for this many accepted comments a second (the target is 500).
const RATE_CEILING = 1500;
const WARM_UP_SECONDS = 2;

/** A bench server's storage: its DATABASE_URL (file: or postgres://) and its data folder (secrets). */
export type BenchDatabase = { url: string; dataDir: string };

export type CommentPostOptions = {
  /** The running server, e.g. http://localhost:3200. */
  origin: string;
  /** Its database (readers, sessions and the count are written and read here). */
  database: BenchDatabase;
  seconds: number;
  connections: number;
  /** The load generator: wrk when installed (see postWithWrk), else autocannon. */
  generator?: 'wrk' | 'autocannon';
};

export type CommentPostMeasurement = {
  /** Comments the database gained per second of the measured run. */
  acceptedPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  /** Answers that sent the browser back to the form with a sentence (a limit, a rule). */
  refused: number;
  /** Anything else: other statuses, timeouts, broken connections. */
  errors: number;
};

/**
 * Auth.js's secret as the server reads it: the environment, else the file in its data folder, which
 * the server writes the first time Auth.js runs (asking for the session makes it run).
 */
async function authSecret(origin: string, dataDir: string): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = join(dataDir, 'auth-secret');
  if (!existsSync(file)) await fetch(`${origin}/api/auth/session`);
  if (!existsSync(file)) throw new Error(`No AUTH_SECRET and no ${file}: is the server using this database?`);
  return readFileSync(file, 'utf8').trim();
}

function internalSecret(dataDir: string): string | null {
  if (process.env.QUIRE_INTERNAL_SECRET) return process.env.QUIRE_INTERNAL_SECRET;
  const file = join(dataDir, 'internal-secret');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

/**
 * Readers made for one run, each with a session row and the cookie Auth.js would have set at sign-in
 * (the same JWT fields the jwt callback in lib/server/auth.ts writes). Two days old: past the new-account limits.
 */
async function makeReaders(
  sql: TestSql,
  database: BenchDatabase,
  run: string,
  count: number,
  secret: string,
): Promise<string[]> {
  const now = Date.now();
  const readers = Array.from({ length: count }, (_, index) => ({
    id: `${run}-${index}`,
    sid: crypto.randomUUID(),
    name: `Bench commenter ${index}`,
    email: `${run}-${index}@bench.test`,
  }));
  // A few hundred rows a statement: under both databases' limits on parameters.
  for (let start = 0; start < readers.length; start += 500) {
    const batch = readers.slice(start, start + 500);
    await sql.all(
      `insert into users (id, name, handle, email, role, created_at) values ${batch.map(() => `(?, ?, ?, ?, 'reader', ?)`).join(', ')}`,
      ...batch.flatMap((reader) => [
        reader.id,
        reader.name,
        reader.id,
        reader.email,
        momentOn(database.url, now - 2 * DAY_MS),
      ]),
    );
    await sql.all(
      `insert into sessions (session_token, user_id, expires) values ${batch.map(() => '(?, ?, ?)').join(', ')}`,
      ...batch.flatMap((reader) => [reader.sid, reader.id, momentOn(database.url, now + 30 * DAY_MS)]),
    );
  }
  return Promise.all(
    readers.map(
      async (reader) =>
        `${COOKIE_NAME}=${await encode({
          secret,
          salt: COOKIE_NAME,
          maxAge: 30 * 24 * 60 * 60,
          token: { sub: reader.id, name: reader.name, email: reader.email, sessionVersion: 0, sid: reader.sid },
        })}`,
    ),
  );
}

const decodeEntities = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The new-comment form of the post page: where it posts, and its hidden fields. */
async function commentForm(origin: string, cookie: string): Promise<{ action: string; fields: [string, string][] }> {
  const html = await (await fetch(`${origin}/posts/${POST_SLUG}`, { headers: { cookie } })).text();
  const form = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].find((match) =>
    match[2]!.includes('id="new-comment"'),
  );
  if (!form) throw new Error(`The page of ${POST_SLUG} has no comment form.`);
  const action = /\baction="([^"]*)"/.exec(form[1]!)?.[1];
  if (!action?.startsWith('/')) throw new Error('The comment form posts nowhere on this site.');
  const fields = [...form[2]!.matchAll(/<input\b[^>]*>/g)].flatMap(([input]) => {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    if (!name || !/\btype="hidden"/.test(input)) return [];
    return [[decodeEntities(name), decodeEntities(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? '')] as [string, string]];
  });
  return { action: decodeEntities(action), fields };
}

const words = 'garden letter river coffee winter notebook station bridge paper morning canal market'.split(' ');

/** A different comment every time (duplicates are refused), with a link now and then (under the hold limit). */
function commentText(sequence: number): string {
  const picked = Array.from({ length: 12 }, (_, index) => words[(sequence * 7 + index * 5 + index * index) % 12]);
  const link = sequence % 5 === 0 ? ' See https://example.com/notes.' : '';
  return `Comment ${sequence}: ${picked.join(' ')}.${link}`;
}

async function countComments(sql: TestSql, postId: number, run: string): Promise<number> {
  const [row] = await sql.all<{ total: number }>(
    `select count(*) as total from comments where post_id = ? and author_id like ? || '-%'`,
    postId,
    run,
  );
  return row!.total;
}

export async function measureCommentPosts({
  origin,
  database,
  seconds,
  connections,
  generator = wrkInstalled() ? 'wrk' : 'autocannon',
}: CommentPostOptions): Promise<CommentPostMeasurement> {
  const sql = openSql(database.url, { readonly: false });
  const run = `bench-commenter-${Date.now().toString(36)}`;
  const [post] = await sql.all<{ id: number }>(`select id from posts where slug = ?`, POST_SLUG);
  if (!post) throw new Error(`The database has no post ${POST_SLUG} (made by bench/run.ts's fixture).`);
  const readers = Math.ceil((RATE_CEILING * (seconds + WARM_UP_SECONDS)) / COMMENTS_PER_READER);
  const cookies = await makeReaders(sql, database, run, readers, await authSecret(origin, database.dataDir));
  const form = await commentForm(origin, cookies[0]!);
  const fields = form.fields.filter(([name]) => name !== 'body');
  const bodyOf = (index: number) => new URLSearchParams([...fields, ['body', commentText(index)]]).toString();
  const count = () => countComments(sql, post.id, run);
  try {
    const load = { origin, path: form.action, cookies, bodyOf, seconds, connections, count };
    return await (generator === 'wrk' ? postWithWrk(load) : postWithAutocannon(load));
  } finally {
    await settled(count);
    // The post keeps its 100 comments for the next run and the other rows of `npm run bench`.
    await sql.all(`delete from comments where author_id like ? || '-%'`, run);
    await sql.all(`delete from users where id like ? || '-%'`, run);
    await sql.close();
    await dropCachedPost(origin, database.dataDir);
  }
}

/** One run's load: readers' cookies and the form's bodies by request number, and the count of comments made. */
type CommentLoad = {
  origin: string;
  path: string;
  cookies: string[];
  bodyOf: (index: number) => string;
  seconds: number;
  connections: number;
  count: () => Promise<number>;
};

/** Where a comment's answer sends the browser: to the comment, back to the form with a sentence, or elsewhere. */
function answerKind(status: number, location: string): 'accepted' | 'refused' | 'other' {
  if (status === 303 && location.includes('#comment-')) return 'accepted';
  // Sent back to the form with a sentence (a limit, a rule).
  if (status === 303 && location.includes('problem=')) return 'refused';
  return 'other';
}

function warnAbout(load: CommentLoad, sent: number, added: number, accepted: number) {
  if (sent > load.cookies.length * COMMENTS_PER_READER) {
    console.warn('More comments than readers × 4: some refusals may be the per-minute limit.');
  }
  if (added !== accepted) console.warn(`${added} new rows but ${accepted} redirects to a comment.`);
}

/**
 * The load from wrk (Debian's C load generator), when installed: on two cores shared with the
 * server, autocannon itself took about a core at 300 comments a second, so its figure was the
 * generator's as much as the server's. A Lua script sends request number i as reader i mod readers
 * with comment i, and counts the answers as autocannon's handler does.
 */
async function postWithWrk(load: CommentLoad): Promise<CommentPostMeasurement> {
  const folder = mkdtempSync(join(tmpdir(), 'quire-comment-bench-'));
  try {
    const total = load.cookies.length * COMMENTS_PER_READER;
    const lines = Array.from(
      { length: total },
      (_, index) => `${load.cookies[index % load.cookies.length]}\t${load.bodyOf(index)}`,
    );
    writeFileSync(join(folder, 'requests.tsv'), `${lines.join('\n')}\n`);
    writeFileSync(join(folder, 'post.lua'), wrkScript(load));
    const run = async (seconds: number, offset: number) => {
      const result = await runWrk(
        `${load.origin}${load.path}`,
        seconds,
        load.connections,
        {},
        {
          file: join(folder, 'post.lua'),
          args: [join(folder, 'requests.tsv'), String(offset)],
        },
      );
      const counts = /quire-counts (\d+) (\d+) (\d+) (\d+)/.exec(result.output);
      if (!counts) throw new Error(`wrk's script printed no counts: ${result.output}`);
      const [accepted, refused, other, sent] = counts.slice(1).map(Number) as [number, number, number, number];
      return { result, accepted, refused, other, sent };
    };
    const warmUp = await run(WARM_UP_SECONDS, 0);
    await settled(load.count);
    const before = await load.count();
    const measured = await run(load.seconds, warmUp.sent);
    const added = (await load.count()) - before;
    warnAbout(load, warmUp.sent + measured.sent, added, measured.accepted);
    return {
      acceptedPerSecond: Math.round(added / load.seconds),
      latencyP50: measured.result.latencyP50,
      latencyP99: measured.result.latencyP99,
      refused: measured.refused,
      errors: measured.other,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** wrk's script: the requests read once from the file (cookie, tab, body a line), from the given offset. */
function wrkScript(load: CommentLoad): string {
  const headers = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Origin: load.origin,
    'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36 QuireBench',
  };
  return `
local lines = {}
sent, accepted, refused, other = 0, 0, 0, 0
local offset = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  offset = tonumber(args[2])
end
function request()
  local line = lines[((offset + sent) % #lines) + 1]
  sent = sent + 1
  local tab = line:find("\\t", 1, true)
  local headers = ${JSON.stringify(headers).replace(/"([^"]+)":/g, '["$1"]=')}
  headers["Cookie"] = line:sub(1, tab - 1)
  return wrk.format("POST", ${JSON.stringify(load.path)}, headers, line:sub(tab + 1))
end
function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if status == 303 and location:find("#comment-", 1, true) then accepted = accepted + 1
  elseif status == 303 and location:find("problem=", 1, true) then refused = refused + 1
  else other = other + 1 end
end
function done()
  for _, thread in ipairs(threads) do
    io.write(string.format("quire-counts %d %d %d %d\\n", thread:get("accepted"), thread:get("refused"), thread:get("other"), thread:get("sent")))
  end
end
`;
}

/** The same load from autocannon (JavaScript, in this process), when wrk is not installed. */
async function postWithAutocannon(load: CommentLoad): Promise<CommentPostMeasurement> {
  const { origin, cookies } = load;
  let sequence = 0;
  let redirects = 0;
  let refused = 0;
  let otherStatuses = 0;
  const statuses = new Map<number, number>();
  const request: autocannon.Request = {
    method: 'POST',
    path: load.path,
    setupRequest: (base) => {
      const index = sequence++;
      return {
        ...base,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin,
          cookie: cookies[index % cookies.length]!,
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36 QuireBench',
        },
        body: load.bodyOf(index),
      };
    },
    onResponse: (status, _body, _context, headers) => {
      // Raw header names, in the case the server sent them.
      const location = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'location')?.[1];
      const kind = answerKind(status, String(location ?? ''));
      if (kind === 'accepted') redirects++;
      else if (kind === 'refused') refused++;
      else {
        otherStatuses++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    },
  };
  const options = { url: origin, connections: load.connections, requests: [request] };
  await autocannon({ ...options, duration: WARM_UP_SECONDS });
  if (sequence >= cookies.length * COMMENTS_PER_READER) throw new Error('Too few readers for the warm-up.');
  await settled(load.count);
  [redirects, refused, otherStatuses] = [0, 0, 0];
  statuses.clear();
  const before = await load.count();
  const result = await autocannon({ ...options, duration: load.seconds });
  const added = (await load.count()) - before;
  if (statuses.size > 0) console.warn('Unexpected answers (status: count):', Object.fromEntries(statuses));
  warnAbout(load, sequence, added, redirects);
  return {
    acceptedPerSecond: Math.round(added / load.seconds),
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    refused,
    errors: otherStatuses + result.errors + result.timeouts,
  };
}

/** Waits until the requests the server still had in hand when the load stopped are written (or 10 s). */
async function settled(count: () => Promise<number>): Promise<void> {
  let last = await count();
  for (let waited = 0; waited < 10_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await count();
    if (now === last) return;
    last = now;
  }
}

/** Asks the server to forget the post page and the lists it cached with the bench's comments on them. */
async function dropCachedPost(origin: string, dataDir: string): Promise<void> {
  const secret = internalSecret(dataDir);
  if (!secret) return;
  await fetch(`${origin}/api/internal/revalidate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tags: [`post:${POST_SLUG}`, 'comment-counts'] }),
  }).catch(() => undefined);
}

// ——— Run directly: a database and a server of its own unless --origin and --database are given ———

const root = join(import.meta.dirname, '..');

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** bench/run.ts's database when present; otherwise a smaller one with the same fixed posts. */
async function ensureDatabase(): Promise<string> {
  const path = join(root, 'bench', 'data', 'quire.db');
  if (existsSync(path)) return path;
  console.log('▶ Creating a benchmark database (2,000 posts, 40,000 comments)');
  const db = openDatabase(path);
  await migrateDatabase(db);
  db.$client.prepare(`insert into settings (key, value) values ('title', 'Quire benchmark')`).run();
  generateLargeBlog(db, {
    posts: 2000,
    comments: 40_000,
    fixedComments: { [POST_SLUG]: 100, 'post-with-500-comments': 500 },
  });
  db.$client.close();
  return path;
}

async function startServer(port: number, database: BenchDatabase): Promise<ChildProcess> {
  const server = spawn(process.execPath, [join(root, 'scripts', 'server.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOSTNAME: 'localhost',
      DATABASE_URL: database.url,
      QUIRE_DATA_DIR: database.dataDir,
      SEED_DEMO: '0',
      SITE_URL: `http://localhost:${port}`,
      // One process unless asked for more (the server's own default is one per core).
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://localhost:${port}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill();
  throw new Error('The production server did not start.');
}

async function main() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connections = 50;
  const givenOrigin = argument('origin');
  const given = argument('database');
  // A DATABASE_URL (file:… or postgres://…) or a file's path; the server's secrets are in --data-dir.
  const database: BenchDatabase = {
    url: given ? (/^(file|postgres(ql)?):/.test(given) ? given : `file:${given}`) : `file:${await ensureDatabase()}`,
    dataDir: argument('data-dir') ?? join(root, 'bench', 'data'),
  };
  const port = Number(process.env.BENCH_PORT ?? 3200);
  const server = givenOrigin ? null : await startServer(port, database);
  const origin = givenOrigin ?? `http://localhost:${port}`;
  try {
    // The visitor's post page from the same server and moment: the ratio's base.
    const page = { url: `${origin}/posts/${POST_SLUG}`, connections };
    await autocannon({ ...page, duration: WARM_UP_SECONDS });
    const visitor = await autocannon({ ...page, duration: seconds });
    const comments = await measureCommentPosts({ origin, database, seconds, connections });
    const visitorRate = Math.round(visitor.requests.average);
    console.table([
      {
        row: 'post, 100 comments (visitor)',
        'per s': visitorRate,
        'p50 ms': visitor.latency.p50,
        'p99 ms': visitor.latency.p99,
      },
      {
        row: 'comment POST, accepted',
        'per s': comments.acceptedPerSecond,
        'p50 ms': comments.latencyP50,
        'p99 ms': comments.latencyP99,
        refused: comments.refused,
        errors: comments.errors,
        '× visitor page': Number((comments.acceptedPerSecond / visitorRate).toFixed(3)),
      },
    ]);
  } finally {
    server?.kill('SIGTERM');
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
