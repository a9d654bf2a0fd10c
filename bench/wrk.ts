// The visitor pages measured with wrk, a load generator written in C: autocannon (JavaScript, on the
// same two cores) saturates near 1,200 req/s, far below what the front cache answers. Each page is
// compared with nginx serving the very same bytes from files (plain, and precompressed .br/.gz as a
// static site would be served): the cost of the bytes alone on this machine. Without nginx, a bare
// node:http server sending them from memory stands in.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type WrkMeasurement = {
  name: string;
  path: string;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  bytesPerResponse: number;
  non2xx: number;
};

const BROWSER_ENCODING = { 'accept-encoding': 'br, gzip' };

/** wrk's latency with its unit (`850.00us`, `1.20ms`, `2.01s`) in milliseconds. */
export function wrkMilliseconds(value: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!match) return NaN;
  const number = Number(match[1]);
  return match[2] === 'us' ? number / 1000 : match[2] === 's' ? number * 1000 : number;
}

/** The figures of one `wrk --latency` run. */
export function parseWrk(output: string) {
  const percentile = (p: string) => wrkMilliseconds(new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(output)?.[1] ?? '');
  const total = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0);
  const bytesRead = /requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/.exec(output);
  const scale = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as const;
  const bytes = bytesRead ? Number(bytesRead[1]) * scale[bytesRead[2] as keyof typeof scale] : 0;
  return {
    requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0)),
    latencyP50: percentile('50'),
    latencyP99: percentile('99'),
    bytesPerResponse: total ? Math.round(bytes / total) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
  };
}

/**
 * One wrk run. One thread is enough for 50 connections and leaves the other core to the server.
 * Asynchronous: the bare baseline server answers from this same process. A Lua `script` makes the
 * requests (and may print more); its output is given back as `output`.
 */
export function runWrk(
  url: string,
  seconds: number,
  connections: number,
  headers: Record<string, string>,
  script?: { file: string; args: string[] },
) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  if (script) args.push('-s', script.file);
  return new Promise<ReturnType<typeof parseWrk> & { output: string }>((resolve, reject) => {
    const child = spawn('wrk', [...args, url, ...(script ? ['--', ...script.args] : [])]);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => reject(new Error(`wrk could not start (is it installed?): ${error.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve({ ...parseWrk(output), output }) : reject(new Error(`wrk failed: ${output}`)),
    );
  });
}

export type BaselinePage = { name: string; path: string; contentType: string; body: Buffer };

/** A server sending each page's bytes as files would be sent, plain or precompressed; `kind` names it. */
export type Baseline = { kind: string; urlOf(page: BaselinePage): string; close(): Promise<void> };

/** Brotli at quality 6, as the front cache and nginx's default settings compress. */
const brotli = (body: Buffer) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } });

/**
 * Fallback when nginx is not installed: a bare node:http server sending each page's bytes from
 * memory (brotli too when the client accepts it), on a port the system picks.
 */
export async function startBareBaseline(pages: BaselinePage[]): Promise<Baseline> {
  const byPath = new Map(pages.map((page) => [page.path, { page, br: brotli(page.body) }]));
  const server = createServer((request, response) => {
    const found = byPath.get(request.url ?? '');
    if (!found) return void response.writeHead(404).end();
    const br = /\bbr\b/.test(request.headers['accept-encoding'] ?? '');
    response.writeHead(200, { 'content-type': found.page.contentType, ...(br ? { 'content-encoding': 'br' } : {}) });
    response.end(br ? found.br : found.page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    kind: 'bare node:http',
    urlOf: (page) => `${origin}${page.path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const PATHS_SCRIPT = `
local paths = {}
local index = 0
function init(args) for line in io.lines(args[1]) do paths[#paths + 1] = line end end
function request()
  index = index + 1
  return wrk.format("GET", paths[((index - 1) % #paths) + 1])
end
`;

/**
 * A wrk run whose every request asks for the next of `count` paths from `next()` (a new search
 * each time): a Lua script reads them from a file, in order.
 */
export async function runWrkOnPaths(
  url: string,
  seconds: number,
  connections: number,
  headers: Record<string, string>,
  next: () => string,
  count: number,
) {
  const folder = mkdtempSync(join(tmpdir(), 'quire-wrk-'));
  try {
    const paths = join(folder, 'paths.txt');
    writeFileSync(paths, `${Array.from({ length: count }, next).join('\n')}\n`);
    writeFileSync(join(folder, 'paths.lua'), PATHS_SCRIPT);
    return await runWrk(url, seconds, connections, headers, { file: join(folder, 'paths.lua'), args: [paths] });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Whether Debian's `wrk` is installed. */
export function wrkInstalled(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** Whether nginx can be run (Debian's `nginx` package; the brotli_static module is optional). */
function nginxBinary(): string | undefined {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

/**
 * The baseline: nginx as installed (worker per core, access log on), each page a file with
 * its `.br` and `.gz` beside it (brotli_static when Debian's module is installed, gzip_static), on `port`.
 * Undefined when nginx is not installed.
 */
export async function startNginxBaseline(
  pages: BaselinePage[],
  port: number,
  folder: string,
): Promise<Baseline | undefined> {
  const binary = nginxBinary();
  if (!binary) return undefined;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'root'), { recursive: true });
  const files = new Map<string, string>();
  for (const [index, page] of pages.entries()) {
    const file = `/page-${index}.${page.contentType.includes('xml') ? 'xml' : 'html'}`;
    files.set(page.path, file);
    writeFileSync(join(folder, 'root', file), page.body);
    writeFileSync(join(folder, 'root', `${file}.br`), brotli(page.body));
    writeFileSync(join(folder, 'root', `${file}.gz`), gzipSync(page.body, { level: 6 }));
  }
  const brotliModule = ['/usr/lib/nginx/modules/ngx_http_brotli_static_module.so'].find((path) => existsSync(path));
  writeFileSync(
    join(folder, 'nginx.conf'),
    [
      ...(brotliModule ? [`load_module ${brotliModule};`] : []),
      'worker_processes auto;',
      'daemon off;',
      `pid ${join(folder, 'nginx.pid')};`,
      `error_log ${join(folder, 'error.log')};`,
      'events { worker_connections 1024; }',
      'http {',
      '  types { text/html html; application/rss+xml xml; }',
      `  access_log ${join(folder, 'access.log')};`,
      '  sendfile on; tcp_nopush on; keepalive_requests 100000;',
      `  client_body_temp_path ${folder}; proxy_temp_path ${folder}; fastcgi_temp_path ${folder};`,
      `  uwsgi_temp_path ${folder}; scgi_temp_path ${folder};`,
      `  server { listen 127.0.0.1:${port}; root ${join(folder, 'root')}; gzip_static on;${brotliModule ? ' brotli_static on;' : ''} }`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['-c', join(folder, 'nginx.conf'), '-p', folder, '-e', join(folder, 'error.log')], {
    stdio: 'ignore',
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${origin}${files.values().next().value}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 50 || child.exitCode !== null) {
      child.kill('SIGTERM');
      throw new Error(`nginx did not start; see ${join(folder, 'error.log')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    kind: brotliModule ? 'nginx' : 'nginx (no brotli_static module: gzip)',
    urlOf: (page) => `${origin}${files.get(page.path)}`,
    close: async () => {
      child.kill('SIGQUIT');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** The rows: each Quire page with and without a browser's encodings, plain post for the bare bytes. */
const ROWS: [string, string, Record<string, string>][] = [
  ['post, 100 comments', '/posts/post-with-100-comments', {}],
  ['post, 100, br gzip', '/posts/post-with-100-comments', BROWSER_ENCODING],
  ['home', '/', {}],
  ['home, br gzip', '/', BROWSER_ENCODING],
  ['label, br gzip', '/labels/topic-3', BROWSER_ENCODING],
  ['archive, br gzip', '/archive', BROWSER_ENCODING],
  ['feed.xml', '/feed.xml', {}],
  ['feed.xml, br gzip', '/feed.xml', BROWSER_ENCODING],
];

/** The distinct paths of the rows: the pages whose bytes the baseline serves. */
export const WRK_PATHS = [...new Set(ROWS.map(([, path]) => path))];

export type WrkRow = WrkMeasurement & { baseline: WrkMeasurement };

/** One page measured with wrk after a 2 s warm-up, its rate printed. */
async function measureOnce(
  name: string,
  url: string,
  path: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
) {
  await runWrk(url, 2, connections, headers); // warm-up: caches filled, JIT warm
  const measurement = { name, path, ...(await runWrk(url, seconds, connections, headers)) };
  console.log(`  ${measurement.name.padEnd(40)} ${String(measurement.requestsPerSecond).padStart(7)} req/s`);
  return measurement;
}

/** Measures each visitor page and the baseline serving the same bytes in the same encoding, back to back. */
export async function measureWithWrk({
  origin,
  baseline,
  pages,
  seconds,
  connections,
}: {
  origin: string;
  baseline: Baseline;
  pages: BaselinePage[];
  seconds: number;
  connections: number;
}): Promise<WrkRow[]> {
  const rows: WrkRow[] = [];
  for (const [name, path, headers] of ROWS) {
    const page = pages.find((candidate) => candidate.path === path)!;
    const base = await measureOnce(
      `${baseline.kind}: ${name}`,
      baseline.urlOf(page),
      path,
      headers,
      seconds,
      connections,
    );
    const quire = await measureOnce(`wrk: ${name}`, `${origin}${path}`, path, headers, seconds, connections);
    rows.push({ ...quire, baseline: base });
  }
  return rows;
}

/** The same pages measured again on another server (Quire with more processes), without the baseline. */
export async function measureAgainWithWrk(
  rows: WrkRow[],
  { origin, label, seconds, connections }: { origin: string; label: string; seconds: number; connections: number },
): Promise<WrkRow[]> {
  const again: WrkRow[] = [];
  for (const [name, path, headers] of ROWS) {
    const row = rows.find((candidate) => candidate.name === `wrk: ${name}`)!;
    const quire = await measureOnce(`wrk, ${label}: ${name}`, `${origin}${path}`, path, headers, seconds, connections);
    again.push({ ...quire, baseline: row.baseline });
  }
  return again;
}

/**
 * The wrk rows as a table, each beside the baseline sending the same bytes in the same encoding;
 * with `again` (the same pages on Quire with more processes, named `label`), its figures beside them.
 */
export function wrkTable(rows: WrkRow[], kind: string, again?: { label: string; rows: WrkRow[] }) {
  const ratio = (row: WrkMeasurement, base: WrkMeasurement) =>
    Number((row.requestsPerSecond / base.requestsPerSecond).toFixed(2));
  return rows.map((row, index) => {
    const other = again?.rows[index];
    return {
      page: row.name,
      'req/s': row.requestsPerSecond,
      'p50 ms': row.latencyP50,
      'p99 ms': row.latencyP99,
      'bytes/resp': row.bytesPerResponse,
      [`${kind} req/s`]: row.baseline.requestsPerSecond,
      [`× ${kind}`]: ratio(row, row.baseline),
      ...(other
        ? {
            [`${again.label} req/s`]: other.requestsPerSecond,
            [`${again.label} p99 ms`]: other.latencyP99,
            [`${again.label} × ${kind}`]: ratio(other, row.baseline),
          }
        : {}),
      'non-2xx': row.non2xx + (other?.non2xx ?? 0),
    };
  });
}
