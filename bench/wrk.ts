// The visitor pages measured with wrk, a load generator written in C: autocannon (JavaScript, on the
// same two cores) saturates near 1,200 req/s, far below what the front cache answers. Compared with a
// bare node:http server sending the same bytes from memory (plain, and brotli-compressed once as a
// static server with precompressed files would), the cost of the bytes alone on this machine.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants } from 'node:zlib';

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
 * Asynchronous: the bare baseline server answers from this same process.
 */
function runWrk(url: string, seconds: number, connections: number, headers: Record<string, string>) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  return new Promise<ReturnType<typeof parseWrk>>((resolve, reject) => {
    const child = spawn('wrk', [...args, url]);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => reject(new Error(`wrk could not start (is it installed?): ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(parseWrk(output)) : reject(new Error(`wrk failed: ${output}`))));
  });
}

/**
 * The bare baseline: the page's bytes from memory, brotli too when the client accepts it. On a port
 * the system picks (no setting to collide with); resolves with its origin.
 */
export async function startBareServer(page: Buffer): Promise<{ origin: string; server: Server }> {
  const compressed = brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } });
  const server = createServer((request, response) => {
    const br = /\bbr\b/.test(request.headers['accept-encoding'] ?? '');
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      ...(br ? { 'content-encoding': 'br' } : {}),
    });
    response.end(br ? compressed : page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Measures the visitor pages and the bare baseline with wrk; one row each. */
export async function measureWithWrk({
  origin,
  bareOrigin,
  seconds,
  connections,
}: {
  origin: string;
  bareOrigin: string;
  seconds: number;
  connections: number;
}): Promise<WrkMeasurement[]> {
  const rows: [string, string, string, Record<string, string>][] = [
    ['bare node:http', bareOrigin, '/', {}],
    ['bare node:http, br', bareOrigin, '/', BROWSER_ENCODING],
    ['post, 100 comments', origin, '/posts/post-with-100-comments', {}],
    ['post, 100, br gzip', origin, '/posts/post-with-100-comments', BROWSER_ENCODING],
    ['home, br gzip', origin, '/', BROWSER_ENCODING],
    ['label, br gzip', origin, '/labels/topic-3', BROWSER_ENCODING],
    ['archive, br gzip', origin, '/archive', BROWSER_ENCODING],
    ['feed.xml, br gzip', origin, '/feed.xml', BROWSER_ENCODING],
  ];
  const measurements: WrkMeasurement[] = [];
  for (const [name, base, path, headers] of rows) {
    await runWrk(`${base}${path}`, 2, connections, headers); // warm-up: caches filled, JIT warm
    const measurement = {
      name: `wrk: ${name}`,
      path,
      ...(await runWrk(`${base}${path}`, seconds, connections, headers)),
    };
    console.log(`  ${measurement.name.padEnd(28)} ${String(measurement.requestsPerSecond).padStart(7)} req/s`);
    measurements.push(measurement);
  }
  return measurements;
}

/** The wrk rows as a table, each against the bare server sending the same encoding. */
export function wrkTable(measurements: WrkMeasurement[]) {
  const plain = measurements.find((row) => row.name === 'wrk: bare node:http')!.requestsPerSecond;
  const br = measurements.find((row) => row.name === 'wrk: bare node:http, br')!.requestsPerSecond;
  return measurements.map((row) => ({
    page: row.name,
    'req/s': row.requestsPerSecond,
    'p50 ms': row.latencyP50,
    'p99 ms': row.latencyP99,
    'bytes/resp': row.bytesPerResponse,
    '× bare (same encoding)': Number((row.requestsPerSecond / (row.name.includes('br') ? br : plain)).toFixed(2)),
    'non-2xx': row.non2xx,
  }));
}
