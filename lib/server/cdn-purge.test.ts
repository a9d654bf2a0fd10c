import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPurger, purgeRequests, purgeSettings } from './cdn-purge.mjs';

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** A stand-in CDN API: records each purge request and answers with `status`. */
async function stubCdn(status = 200) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      response.writeHead(status, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function recordingLogger() {
  const lines: { fields: object; message: string }[] = [];
  return { lines, warn: (fields: object, message: string) => lines.push({ fields, message }) };
}

describe('purgeSettings', () => {
  it('is off without CDN_PURGE_URL', () => {
    expect(purgeSettings({})).toBeNull();
  });

  it('reads the method and the headers', () => {
    expect(
      purgeSettings({
        CDN_PURGE_URL: 'https://api.example.com/purge',
        CDN_PURGE_METHOD: 'purge',
        CDN_PURGE_HEADERS: '{"Authorization":"Bearer s3cret"}',
      }),
    ).toEqual({ url: 'https://api.example.com/purge', method: 'PURGE', headers: { Authorization: 'Bearer s3cret' } });
  });

  it('refuses bad settings with a sentence that never repeats the headers', () => {
    expect(() => purgeSettings({ CDN_PURGE_URL: 'not a url' })).toThrow(/CDN_PURGE_URL/);
    expect(() => purgeSettings({ CDN_PURGE_URL: 'ftp://x.example/' })).toThrow(/http or https/);
    expect(() => purgeSettings({ CDN_PURGE_URL: 'https://x.example/', CDN_PURGE_METHOD: 'PATCH' })).toThrow(
      /CDN_PURGE_METHOD/,
    );
    expect(() => purgeSettings({ CDN_PURGE_URL: 'https://x.example/', CDN_PURGE_HEADERS: '{s3cret' })).toThrow(
      /^CDN_PURGE_HEADERS must be a JSON object[^3]*$/,
    );
    expect(() => purgeSettings({ CDN_PURGE_URL: 'https://x.example/', CDN_PURGE_HEADERS: '{"a":1}' })).toThrow(
      /^CDN_PURGE_HEADERS must be a JSON object/,
    );
  });
});

describe('purgeRequests', () => {
  const settings = { url: 'https://cdn.example/purge', method: 'POST', headers: { Authorization: 'Bearer t' } };

  it('sends one request for a batch, tags in the body and in Surrogate-Key, encoded as in the pages', () => {
    const [request, ...more] = purgeRequests(settings, ['site', 'post:café']);
    expect(more).toHaveLength(0);
    expect(request!.url).toBe('https://cdn.example/purge');
    expect(JSON.parse(request!.init.body!)).toEqual({ tags: ['site', 'post%3Acaf%C3%A9'] });
    expect(request!.init.headers).toMatchObject({
      Authorization: 'Bearer t',
      'surrogate-key': 'site post%3Acaf%C3%A9',
      'content-type': 'application/json',
    });
  });

  it('fills {tags} with the list and {tag} with one request per tag', () => {
    expect(purgeRequests({ ...settings, url: 'https://cdn.example/p?t={tags}' }, ['a', 'b'])[0]!.url).toBe(
      'https://cdn.example/p?t=a,b',
    );
    const perTag = purgeRequests({ ...settings, url: 'https://cdn.example/purge/{tag}', method: 'PURGE' }, [
      'a',
      'b/c',
    ]);
    expect(perTag.map((request) => request.url)).toEqual([
      'https://cdn.example/purge/a',
      'https://cdn.example/purge/b%2Fc',
    ]);
  });

  it('sends no body with GET or DELETE', () => {
    expect(purgeRequests({ ...settings, method: 'DELETE' }, ['a'])[0]!.init.body).toBeUndefined();
  });
});

describe('createPurger', () => {
  it('batches the tags of one burst into one request to the CDN', async () => {
    const cdn = await stubCdn();
    closers.push(cdn.close);
    const purge = createPurger(
      { url: `${cdn.origin}/zones/z/purge_cache`, method: 'POST', headers: { Authorization: 'Bearer t' } },
      { batchMs: 20 },
    );
    purge(['post:a', 'posts']);
    purge('posts');
    purge(['post-lists']);
    await purge.settled();
    expect(cdn.received).toHaveLength(1);
    expect(cdn.received[0]).toMatchObject({ method: 'POST', url: '/zones/z/purge_cache' });
    expect(cdn.received[0]!.headers.authorization).toBe('Bearer t');
    expect(JSON.parse(cdn.received[0]!.body)).toEqual({ tags: ['post%3Aa', 'posts', 'post-lists'] });
    purge('site');
    await purge.settled();
    expect(cdn.received).toHaveLength(2);
  });

  it('returns at once and logs a refusal or an unreachable CDN without its secret', async () => {
    const cdn = await stubCdn(403);
    closers.push(cdn.close);
    const logger = recordingLogger();
    const refused = createPurger(
      { url: `${cdn.origin}/p`, method: 'POST', headers: { Authorization: 'Bearer s3cret' } },
      { logger },
    );
    expect(refused(['site'])).toBeUndefined();
    await refused.settled();
    expect(logger.lines).toEqual([{ fields: { status: 403, tags: ['site'] }, message: 'The CDN refused a purge.' }]);

    const unreachable = createPurger(
      { url: 'http://127.0.0.1:1/p', method: 'POST', headers: { Authorization: 'Bearer s3cret' } },
      { logger },
    );
    unreachable(['site']);
    await unreachable.settled();
    expect(logger.lines[1]!.message).toBe('A CDN purge could not be sent.');
    expect(JSON.stringify(logger.lines)).not.toContain('s3cret');
  });
});
