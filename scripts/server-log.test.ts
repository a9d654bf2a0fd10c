import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createServerLogger,
  REQUEST_LINES_BYTES,
  REQUEST_LINES_MS,
  requestLogFields,
  requestLogger,
  requestPath,
} from './server-log.mjs';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('requestPath', () => {
  it('keeps the path and drops the query string and fragment, which can hold tokens', () => {
    expect(requestPath('/api/auth/callback/nodemailer?token=secret-token&email=a%40b.test')).toBe(
      '/api/auth/callback/nodemailer',
    );
    expect(requestPath('/unsubscribe?t=abc#top')).toBe('/unsubscribe');
    expect(requestPath('/posts/hello')).toBe('/posts/hello');
    expect(requestPath(undefined)).toBe('/');
  });

  it('cuts very long paths', () => {
    const path = requestPath(`/${'a'.repeat(5000)}`);
    expect(path.length).toBeLessThanOrEqual(513);
    expect(path.endsWith('…')).toBe(true);
  });
});

describe('requestLogFields', () => {
  it('gives method, path, status and whole milliseconds, and marks aborted requests', () => {
    expect(
      requestLogFields({ method: 'GET', url: '/search?q=private', status: 200, milliseconds: 12.6, finished: true }),
    ).toEqual({ method: 'GET', path: '/search', status: 200, ms: 13 });
    expect(
      requestLogFields({ method: 'POST', url: '/posts/a', status: 200, milliseconds: 3, finished: false }),
    ).toEqual({ method: 'POST', path: '/posts/a', status: 200, ms: 3, aborted: true });
  });
});

describe('requestLogger', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('writes one line per request, with the URL the client asked for, errors at error level', async () => {
    const { lines, destination } = capture();
    const logRequest = requestLogger(createServerLogger({ level: 'info', destination, pretty: false }));
    server = createServer((request, response) => {
      logRequest(request, response);
      // Routing rewrites the URL, as Next does for the home page.
      request.url = '/page/1';
      response.statusCode = request.headers['x-fail'] ? 503 : 200;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    await (await fetch(`${origin}/?session=abc`, { headers: { cookie: 'authjs.session-token=secret' } })).text();
    await (await fetch(`${origin}/api/health`, { method: 'POST', headers: { 'x-fail': '1' } })).text();
    await expect.poll(() => lines.length).toBe(2);

    // Errors go out at once, other request lines a few milliseconds later (REQUEST_LINES_MS).
    const get = lines.find((line) => line.method === 'GET');
    expect(get).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/', status: 200 });
    expect(lines.find((line) => line.method === 'POST')).toMatchObject({
      level: 'error',
      method: 'POST',
      path: '/api/health',
      status: 503,
    });
    expect(typeof get?.ms).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/secret|session=abc/);
  });
});

/**
 * A request logger on fake timers whose writes are kept in `raw`; `respond(url)` logs a finished GET
 * of `url` as a response's close would.
 */
function loggedResponses() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      done();
    },
  });
  const logRequest = requestLogger(createServerLogger({ level: 'info', destination, pretty: false }));
  const respond = (url: string) => {
    const response = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: true });
    logRequest({ url, method: 'GET' } as never, response as never);
    response.emit('close');
  };
  return { raw, logRequest, respond };
}

describe('request lines', () => {
  let server: Server | undefined;
  afterEach(() => {
    vi.useRealTimers();
    return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('are the lines pino writes for the same fields, written together', async () => {
    const raw: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        raw.push(String(chunk));
        done();
      },
    });
    const logger = createServerLogger({ level: 'info', destination, pretty: false });
    const logRequest = requestLogger(logger);
    server = createServer((request, response) => {
      logRequest(request, response);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await Promise.all(['/a', '/b"quoted"', '/c'].map(async (path) => (await fetch(`${origin}${path}`)).text()));
    await expect.poll(() => raw.join('').split('\n').filter(Boolean).length).toBe(3);

    const ours = raw.join('').split('\n').filter(Boolean);
    const quoted = ours.find((line) => line.includes('quoted'))!;
    logger.info({ method: 'GET', path: '/b%22quoted%22', status: 200, ms: JSON.parse(quoted).ms }, 'request');
    await expect.poll(() => raw.join('').split('\n').filter(Boolean).length).toBe(4);
    const pinos = raw.join('').split('\n').filter(Boolean).at(-1)!;
    const withoutTime = (line: string) => line.replace(/"time":"[^"]+"/, '"time":"T"');
    expect(withoutTime(quoted)).toBe(withoutTime(pinos));
  });

  it('of a few milliseconds share one write, which flush() makes at once before the process stops', () => {
    const { raw, logRequest, respond } = loggedResponses();
    respond('/x');
    respond('/y');
    expect(raw).toEqual([]);
    logRequest.flush();
    expect(raw).toHaveLength(1);
    expect(
      raw[0]!
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).path),
    ).toEqual(['/x', '/y']);
    respond('/z');
    vi.advanceTimersByTime(REQUEST_LINES_MS - 1);
    expect(raw).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(raw).toHaveLength(2);
    expect(JSON.parse(raw[1]!).path).toBe('/z');
  });

  it('are written at once when many wait, and the next ones still follow after a few milliseconds', () => {
    const { raw, respond } = loggedResponses();
    const long = `/${'a'.repeat(400)}`;
    let count = 0;
    while (raw.length === 0) {
      respond(long);
      count += 1;
    }
    expect(raw[0]!.length).toBeGreaterThanOrEqual(REQUEST_LINES_BYTES);
    expect(raw[0]!.length).toBeLessThan(REQUEST_LINES_BYTES + 1000);
    expect(raw[0]!.split('\n').filter(Boolean)).toHaveLength(count);
    respond('/after');
    vi.advanceTimersByTime(REQUEST_LINES_MS);
    expect(raw).toHaveLength(2);
    expect(JSON.parse(raw[1]!).path).toBe('/after');
  });
});
