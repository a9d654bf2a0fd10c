// `npm run bench`: builds, makes a large database, starts the production server and measures the
// public pages with autocannon against two baselines: a static page of the same server (the
// framework's ceiling) and a bare node:http server sending the post page's bytes (the runtime's).
// Then the same server as one process per core (its default; at least two), two servers sharing Redis, and the same rows again with
// the blog copied to PostgreSQL (one server, then two behind Redis), each beside SQLite's.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SingleBar, Presets } from 'cli-progress';
import { openDatabase } from '@/db/client';
import { openSql } from '@/e2e/support/sql';
import { generateLargeBlog } from '@/bench/large-blog';
import { migrateDatabase } from '@/db/migrate';
import { hashPassword } from '@/lib/server/passwords';
import { findPostgres, freshPostgresDatabase, startPostgresServer } from '@/scripts/postgres-server.mjs';
import { autoWorkerCount } from '@/scripts/cluster.mjs';
import { startRedisServer } from '@/scripts/redis-server.mjs';
import { measureCommentPosts, type BenchDatabase } from './comment-post';
import {
  measureAgainWithWrk,
  measureWithWrk,
  runWrkOnPaths,
  startBareBaseline,
  startNginxBaseline,
  WRK_PATHS,
  wrkInstalled,
  wrkTable,
  type BaselinePage,
} from './wrk';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, 'bench', 'data');
const port = Number(process.env.BENCH_PORT ?? 3200);
const barePort = port + 1;
const origin = `http://127.0.0.1:${port}`;
const duration = Number(process.env.BENCH_SECONDS ?? 15);
const connections = 50;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 200_000);
/**
 * The second pass's server processes (WEB_CONCURRENCY): the server's own default, one per core of
 * this machine (scripts/cluster.mjs), and at least two. The first pass is one process.
 */
const PROCESSES = Math.max(2, autoWorkerCount());

function build() {
  console.log('▶ next build');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    env: { ...env, SITE_URL: `http://localhost:${port}` },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('next build failed');
}

const BENCH_READER = { email: 'bench-reader@quire.test', password: 'bench reader passphrase' };

async function makeDatabase(): Promise<string> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'quire.db');
  const db = openDatabase(path);
  await migrateDatabase(db);
  db.$client
    .prepare(`insert into settings (key, value) values ('title', 'Quire benchmark'), ('description', 'A large blog.')`)
    .run();
  console.log(`▶ Creating ${POSTS.toLocaleString()} posts and ${COMMENTS.toLocaleString()} comments`);
  const bar = new SingleBar(
    { format: '  {bar} {percentage}% | {value}/{total} rows | {duration}s' },
    Presets.shades_classic,
  );
  bar.start(POSTS + COMMENTS, 0);
  generateLargeBlog(db, {
    posts: POSTS,
    comments: COMMENTS,
    fixedComments: { 'post-with-100-comments': 100, 'post-with-500-comments': 500 },
    onProgress: (done) => bar.update(done),
  });
  bar.stop();
  db.$client
    .prepare(
      `insert into users (id, name, handle, email, role, password_hash) values ('bench-reader', 'Bench Reader', 'bench-reader', ?, 'reader', ?)`,
    )
    .run(BENCH_READER.email, await hashPassword(BENCH_READER.password));
  db.$client.close();
  return path;
}

/** The production server on a bench database; `processes` above 1 runs it as a cluster (WEB_CONCURRENCY). */
async function startServer(
  database: BenchDatabase,
  processes = 1,
  { serverPort = port, redisUrl }: { serverPort?: number; redisUrl?: string } = {},
): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    // The production server as `npm start` runs it, request log included, so its cost is measured.
    [join(root, 'scripts', 'server.mjs')],
    {
      cwd: root,
      env: {
        ...env,
        PORT: String(serverPort),
        HOSTNAME: 'localhost',
        DATABASE_URL: database.url,
        QUIRE_DATA_DIR: database.dataDir,
        SEED_DEMO: '0',
        SITE_URL: `http://localhost:${port}`,
        // Every request comes from one address: a limit that never trips, so the search figures
        // include the limiter's count (a database write per search) but no 429s.
        SEARCH_RATE_LIMIT: '1000000',
        WEB_CONCURRENCY: String(processes),
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      },
      // The request log goes to /dev/null: written (and so paid for) but not shown between the figures.
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${serverPort}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill();
  throw new Error('The production server did not start.');
}

/** SIGTERM, and its exit (the port is free again). */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/** Signs the bench reader in through Auth.js's own endpoints and returns the session cookie. */
async function signInCookie(): Promise<string> {
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
    body: new URLSearchParams({ csrfToken, ...BENCH_READER }),
  });
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0]!)
    .find((cookie) => cookie.startsWith('authjs.session-token='));
  if (!session) throw new Error('The bench reader could not sign in.');
  return session;
}

type Measurement = {
  name: string;
  path: string;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  bytesPerResponse: number;
  non2xx: number;
  errors: number;
};

async function measure(
  name: string,
  url: string,
  paths: string[] | (() => string),
  extraHeaders: Record<string, string> = {},
): Promise<Measurement> {
  if (typeof paths === 'function' && wrkInstalled()) {
    return measurePathsWithWrk(name, url, paths, extraHeaders, 'a new query each request (wrk)');
  }
  const requests =
    typeof paths === 'function'
      ? [{ method: 'GET' as const, setupRequest: (request: object) => ({ ...request, path: paths() }) }]
      : paths.map((path) => ({ method: 'GET' as const, path }));
  const options = {
    url,
    connections,
    requests,
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36 QuireBench', ...extraHeaders },
  };
  await autocannon({ ...options, duration: 3 }); // warm-up: caches filled, JIT warm
  const result = await autocannon({ ...options, duration });
  const measurement = {
    name,
    path: typeof paths === 'function' ? 'a new query each request' : paths.join(' '),
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    bytesPerResponse: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    non2xx: result.non2xx,
    errors: result.errors,
  };
  console.log(`  ${name.padEnd(22)} ${String(measurement.requestsPerSecond).padStart(6)} req/s`);
  return measurement;
}

/**
 * The paths `next()` gives, one a request, with wrk: a new path each request (unique searches), where
 * autocannon, on the same two cores, took as much CPU as the server it measured; or a page and its
 * viewer request in turn. Enough paths for 3,000 requests a second; the warm-up uses its own.
 */
async function measurePathsWithWrk(
  name: string,
  url: string,
  next: () => string,
  extraHeaders: Record<string, string>,
  label: string,
): Promise<Measurement> {
  const headers = {
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36 QuireBench',
    ...extraHeaders,
  };
  await runWrkOnPaths(url, 3, connections, headers, next, 3000 * 3);
  const result = await runWrkOnPaths(url, duration, connections, headers, next, 3000 * duration);
  const { output: _output, ...figures } = result;
  const measurement = { name, path: label, ...figures, errors: 0 };
  console.log(`  ${name.padEnd(22)} ${String(measurement.requestsPerSecond).padStart(6)} req/s (wrk)`);
  return measurement;
}

/** The visitor's 100-comment post page, and a signed-in reader's view of it (page and viewer request), with wrk. */
async function signedInViewWithWrk(viewerPath: string, cookie: string): Promise<Measurement[]> {
  const page = '/posts/post-with-100-comments';
  let turn = 0;
  const inTurn = () => (turn++ % 2 === 0 ? page : viewerPath);
  const visitor = await measurePathsWithWrk('post, 100 comments, wrk', origin, () => page, {}, page);
  const signedIn = perView(
    await measurePathsWithWrk('post, 100, signed in, wrk', origin, inTurn, { cookie }, `${page} ${viewerPath}`),
  );
  const ratio = (signedIn.requestsPerSecond / visitor.requestsPerSecond).toFixed(2);
  console.log(`  the signed-in view is ${ratio}× the visitor's page under wrk`);
  return [visitor, signedIn];
}

async function postIdOf(database: BenchDatabase, slug: string): Promise<number> {
  const sql = openSql(database.url);
  try {
    const [post] = await sql.all<{ id: number }>('select id from posts where slug = ?', slug);
    return post!.id;
  } finally {
    await sql.close();
  }
}

/** The bench blog copied into a new database on that PostgreSQL server, with `quire copy-data`. */
async function copyToPostgres(sqlite: BenchDatabase, serverUrl: string): Promise<BenchDatabase> {
  const url = await freshPostgresDatabase(serverUrl, 'quire_bench');
  console.log('▶ Copying the blog to PostgreSQL (quire copy-data)');
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', join(root, 'scripts', 'quire.ts'), 'copy-data', '--to', url],
    { cwd: root, env: { ...env, DATABASE_URL: sqlite.url, QUIRE_DATA_DIR: sqlite.dataDir }, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('quire copy-data failed');
  console.log(`  copied in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { url, dataDir: sqlite.dataDir };
}

/** A row of two requests per view (page and viewer state): its rate counted in views. */
function perView(measurement: Measurement): Measurement {
  return {
    ...measurement,
    name: `${measurement.name} (views)`,
    requestsPerSecond: Math.round(measurement.requestsPerSecond / 2),
    bytesPerResponse: measurement.bytesPerResponse * 2,
  };
}

/** Comment POSTs as a row: accepted comments a second (refusals and errors are counted as non-2xx). */
function commentRow(result: Awaited<ReturnType<typeof measureCommentPosts>>, label?: string): Measurement {
  const name = label ? `comment POST, ${label}` : 'comment POST';
  console.log(`  ${name.padEnd(22)} ${String(Math.round(result.acceptedPerSecond)).padStart(6)} accepted/s`);
  return {
    name: `${name} (accepted)`,
    path: '/posts/post-with-100-comments',
    requestsPerSecond: Math.round(result.acceptedPerSecond),
    latencyP50: result.latencyP50,
    latencyP99: result.latencyP99,
    bytesPerResponse: 0,
    non2xx: result.refused + result.errors,
    errors: result.errors,
  };
}

/**
 * The visitor pages with wrk, each beside nginx serving the same bytes from files (bench/wrk.ts); a
 * bare node:http server stands in when nginx is not installed.
 */
async function measureFrontWithWrk() {
  console.log(`▶ Measuring with wrk (${connections} connections, ${duration} s each after a 2 s warm-up)`);
  const pages: BaselinePage[] = [];
  for (const path of WRK_PATHS) {
    const response = await fetch(`${origin}${path}`, { headers: { 'accept-encoding': 'identity' } });
    const contentType = response.headers.get('content-type') ?? 'text/html; charset=utf-8';
    pages.push({ name: path, path, contentType, body: Buffer.from(await response.arrayBuffer()) });
  }
  const baseline =
    (await startNginxBaseline(pages, port + 2, join(dataDir, 'nginx'))) ?? (await startBareBaseline(pages));
  if (baseline.kind === 'bare node:http') console.log('  (nginx is not installed: a bare node:http server stands in)');
  try {
    const rows = await measureWithWrk({ origin, baseline, pages, seconds: duration, connections });
    console.table(wrkTable(rows, baseline.kind));
    return { rows, kind: baseline.kind };
  } finally {
    await baseline.close();
  }
}

async function main() {
  if (!process.argv.includes('--no-build')) build();
  const sqlite: BenchDatabase = { url: `file:${await makeDatabase()}`, dataDir };
  let server = await startServer(sqlite);
  const postPage = await (await fetch(`${origin}/posts/post-with-100-comments`)).text();
  const bare = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(postPage);
  }).listen(barePort, '127.0.0.1');

  try {
    // `--wrk-only`: the front cache's rows alone, one process then the default's, a shorter hold on a
    // shared machine.
    if (process.argv.includes('--wrk-only')) {
      const wrk = await measureFrontWithWrk();
      await stopServer(server);
      server = await startServer(sqlite, PROCESSES);
      const label = `${PROCESSES} processes`;
      const again = await measureAgainWithWrk(wrk.rows, { origin, label, seconds: duration, connections });
      console.table(wrkTable(wrk.rows, wrk.kind, { label, rows: again }));
      return;
    }
    console.log(`▶ Measuring (${connections} connections, ${duration} s each after a 3 s warm-up)`);
    const searches = [
      'garden',
      'kitchen garden',
      'coffee',
      'river bridge',
      'winter',
      'morning draft',
      'canal',
      'letter',
    ];
    // Two-word queries from the fixture's vocabulary, never the same twice: every one misses the cache.
    const vocabulary = (
      'blog garden writing tools web morning draft comment reader author label archive search feed photograph ' +
      'canal walk kitchen backup server cache query index thread reply moderation winter spring summer autumn ' +
      'coffee notebook keyboard paper ink river bridge letter station market'
    ).split(' ');
    let unique = 0;
    const uniqueSearch = () => {
      unique++;
      const first = vocabulary[unique % vocabulary.length]!;
      const second = vocabulary[Math.floor(unique / vocabulary.length) % vocabulary.length]!;
      const page = 1 + Math.floor(unique / vocabulary.length ** 2);
      return `/search?q=${encodeURIComponent(`${first} ${second}`)}&page=${page}`;
    };
    let readerCookie = await signInCookie();
    const postId = await postIdOf(sqlite, 'post-with-100-comments');
    const viewerPath = `/api/posts/${postId}/viewer`;
    const results = [
      await measure('static (robots.txt)', origin, ['/robots.txt']),
      await measure('bare node:http', `http://127.0.0.1:${barePort}`, ['/']),
      await measure('home', origin, ['/']),
      await measure('post, no comments', origin, ['/posts/bulk-post-9000']),
      await measure('post, 100 comments', origin, ['/posts/post-with-100-comments']),
      await measure('post, 500 comments', origin, ['/posts/post-with-500-comments']),
      // A signed-in reader's view: the shared page and the per-viewer request the page's script makes.
      // Counted per view (two requests); p50/p99 are of the two requests alike.
      perView(
        await measure('post, 100, signed in', origin, ['/posts/post-with-100-comments', viewerPath], {
          cookie: readerCookie,
        }),
      ),
      await measure('viewer state alone', origin, [viewerPath], { cookie: readerCookie }),
      // The same two rows with wrk, which the 112 KB page does not saturate as it does autocannon.
      ...(wrkInstalled() ? await signedInViewWithWrk(viewerPath, readerCookie) : []),
      await measure('label page', origin, ['/labels/topic-3']),
      await measure(
        'search, 8 queries',
        origin,
        searches.map((query) => `/search?q=${encodeURIComponent(query)}`),
      ),
      await measure('search, unique queries', origin, uniqueSearch),
      await measure('feed.xml', origin, ['/feed.xml']),
      await measure('atom.xml', origin, ['/atom.xml']),
      commentRow(await measureCommentPosts({ origin, database: sqlite, seconds: duration, connections })),
    ];
    const staticRate = results[0]!.requestsPerSecond;
    const bareRate = results[1]!.requestsPerSecond;
    const postRate = results.find((result) => result.name === 'post, 100 comments')!.requestsPerSecond;
    const row = (result: Measurement) => ({
      page: result.name,
      'req/s': result.requestsPerSecond,
      'p50 ms': result.latencyP50,
      'p99 ms': result.latencyP99,
      'bytes/resp': result.bytesPerResponse,
      '× static': Number((result.requestsPerSecond / staticRate).toFixed(2)),
      '× bare node': Number((result.requestsPerSecond / bareRate).toFixed(3)),
      '× post 100': Number((result.requestsPerSecond / postRate).toFixed(2)),
      'non-2xx': result.non2xx,
    });
    const rows = results.map(row);
    console.table(rows);
    const wrk = await measureFrontWithWrk();

    // The same server as one process per core (its default), on the same database.
    await stopServer(server);
    console.log(`▶ The server again, as ${PROCESSES} processes (the default here: one per core)`);
    server = await startServer(sqlite, PROCESSES);
    const label = `${PROCESSES} processes`;
    const clusterWrk = await measureAgainWithWrk(wrk.rows, { origin, label, seconds: duration, connections });
    const clusterResults = [
      await measure(`post, 100 comments, ${label}`, origin, ['/posts/post-with-100-comments']),
      perView(
        await measure(`post, 100, signed in, ${label}`, origin, ['/posts/post-with-100-comments', viewerPath], {
          cookie: readerCookie,
        }),
      ),
      await measure(`search, unique queries, ${label}`, origin, uniqueSearch),
      commentRow(await measureCommentPosts({ origin, database: sqlite, seconds: duration, connections }), label),
    ];
    const clusterPostRate = clusterResults[0]!.requestsPerSecond;
    const clusterRows = clusterResults.map((result) => ({
      ...row(result),
      '× post 100': Number((result.requestsPerSecond / clusterPostRate).toFixed(2)),
    }));
    console.table(clusterRows);
    const wrkRows = wrkTable(wrk.rows, wrk.kind, { label, rows: clusterWrk });
    console.table(wrkRows);

    // Two app servers (one process each) on the same database, their caches kept fresh through Redis
    // (REDIS_URL): every write waits until the other server has dropped what it changed.
    await stopServer(server);
    console.log('▶ Two servers sharing Redis (REDIS_URL)');
    const redis = await startRedisServer({ port: port + 7 });
    const second = port + 1;
    let other: ChildProcess | undefined;
    /** Two servers (one process each) on `database`, sharing `redis`: post page on each, comment POST. */
    const measureTwoServers = async (database: BenchDatabase, twoLabel: string) => {
      try {
        server = await startServer(database, 1, { redisUrl: redis.url });
        other = await startServer(database, 1, { serverPort: second, redisUrl: redis.url });
        const results = [
          await measure(`post, 100 comments, ${twoLabel}`, origin, ['/posts/post-with-100-comments']),
          await measure(`post, 100 comments, the other server`, `http://127.0.0.1:${second}`, [
            '/posts/post-with-100-comments',
          ]),
          commentRow(await measureCommentPosts({ origin, database, seconds: duration, connections }), twoLabel),
        ];
        const twoPostRate = results[0]!.requestsPerSecond;
        const twoRows = results.map((result) => ({
          ...row(result),
          '× post 100': Number((result.requestsPerSecond / twoPostRate).toFixed(2)),
        }));
        console.table(twoRows);
        return { results, rows: twoRows };
      } finally {
        await stopServer(server);
        if (other) await stopServer(other);
      }
    };
    let twoServers;
    let postgres;
    try {
      twoServers = await measureTwoServers(sqlite, 'two servers, Redis');

      // The same rows with the blog in PostgreSQL: one server, then two sharing Redis, each as a
      // ratio to the SQLite row of the same name (the first table, or the two servers' above).
      if (!findPostgres()) {
        console.log('▶ PostgreSQL is not installed (apt-get install postgresql): its rows are left out.');
      } else {
        const postgresServer = await startPostgresServer({ port: port + 8 });
        try {
          const onPostgres = await copyToPostgres(sqlite, postgresServer.url);
          console.log('▶ One server on PostgreSQL');
          server = await startServer(onPostgres);
          readerCookie = await signInCookie();
          const postgresPostId = await postIdOf(onPostgres, 'post-with-100-comments');
          const postgresViewer = `/api/posts/${postgresPostId}/viewer`;
          const single = [
            await measure('home', origin, ['/']),
            await measure('post, no comments', origin, ['/posts/bulk-post-9000']),
            await measure('post, 100 comments', origin, ['/posts/post-with-100-comments']),
            perView(
              await measure('post, 100, signed in', origin, ['/posts/post-with-100-comments', postgresViewer], {
                cookie: readerCookie,
              }),
            ),
            await measure('label page', origin, ['/labels/topic-3']),
            await measure('search, unique queries', origin, uniqueSearch),
            await measure('feed.xml', origin, ['/feed.xml']),
            commentRow(await measureCommentPosts({ origin, database: onPostgres, seconds: duration, connections })),
          ];
          await stopServer(server);
          console.log('▶ Two servers on PostgreSQL, sharing Redis');
          const two = await measureTwoServers(onPostgres, 'two servers, PostgreSQL');
          const besideSqlite = (measured: Measurement[], sqliteRows: Measurement[]) =>
            measured.map((result, index) => {
              const same = sqliteRows.find((candidate) => candidate.name === result.name) ?? sqliteRows[index];
              return {
                ...row(result),
                'SQLite req/s': same?.requestsPerSecond,
                '× SQLite': same ? Number((result.requestsPerSecond / same.requestsPerSecond).toFixed(2)) : undefined,
              };
            });
          postgres = {
            oneServer: besideSqlite(single, results),
            twoServers: besideSqlite(two.results, twoServers.results),
          };
          console.log('▶ PostgreSQL beside SQLite (one server)');
          console.table(postgres.oneServer);
          console.log('▶ PostgreSQL beside SQLite (two servers sharing Redis)');
          console.table(postgres.twoServers);
        } finally {
          postgresServer.stop();
        }
      }
    } finally {
      await redis.stop();
    }
    writeFileSync(
      join(root, 'bench', 'results.json'),
      `${JSON.stringify({ at: new Date().toISOString(), connections, durationSeconds: duration, posts: POSTS, comments: COMMENTS, results: rows, processes: { count: PROCESSES, results: clusterRows }, twoServersRedis: twoServers.rows, postgres, wrk: wrkRows }, null, 2)}\n`,
    );
    console.log('Wrote bench/results.json');
  } finally {
    bare.close();
    await stopServer(server);
  }
}

await main();
