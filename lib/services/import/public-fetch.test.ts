import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadImages } from './download-images';
import { fetchPublic, FetchRefused, isPublicAddress, NOT_PUBLIC, type Resolver } from './public-fetch';
import { readExportFile } from './read';

// Loopback listeners stand in for what an export file must never reach (a database port, the cloud
// metadata service). Each counts its requests: a refused fetch must not reach it at all.

type Listener = { server: Server; port: number; requests: string[] };
const listeners: Listener[] = [];

async function listen(host: string, handler?: RequestListener): Promise<Listener> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (handler) handler(request, response);
    else response.writeHead(200, { 'Content-Type': 'image/png' }).end('internal secret');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const listener = { server, port: (server.address() as AddressInfo).port, requests };
  listeners.push(listener);
  return listener;
}

afterEach(async () => {
  for (const { server } of listeners.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** Host names of a pretend internet, each pointing at addresses chosen by the test. */
function resolverOf(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw new Error(`ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolve, { calls });
}

const options = { maxBytes: 1024, timeoutMs: 2_000 };

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchRefused);
  return (error as Error).message;
}

describe('which addresses are public', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.5',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.10.10',
    '100.64.0.1',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::7f00:1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('fetching from an export file’s addresses', () => {
  it('refuses a loopback address without sending it anything', async () => {
    const internal = await listen('127.0.0.1');
    const reason = await refusal(fetchPublic(`http://127.0.0.1:${internal.port}/photo.png`, options));
    expect(reason).toBe(NOT_PUBLIC);
    expect(await refusal(fetchPublic(`http://[::ffff:127.0.0.1]:${internal.port}/`, options))).toBe(NOT_PUBLIC);
    expect(await refusal(fetchPublic('http://169.254.169.254/latest/meta-data/', options))).toBe(NOT_PUBLIC);
    expect(await refusal(fetchPublic('http://[fd00:ec2::254]/latest/meta-data/', options))).toBe(NOT_PUBLIC);
    expect(internal.requests).toEqual([]);
  });

  it('refuses a host name that resolves to a private address, or to one among public ones', async () => {
    const internal = await listen('127.0.0.1');
    const resolve = resolverOf({
      'images.example.test': ['127.0.0.1'],
      'mixed.example.test': ['93.184.216.34', '10.0.0.7'],
      'metadata.example.test': ['169.254.169.254'],
    });
    for (const host of ['images.example.test', 'mixed.example.test', 'metadata.example.test']) {
      const reason = await refusal(fetchPublic(`http://${host}:${internal.port}/photo.png`, { ...options, resolve }));
      expect(reason, host).toBe(NOT_PUBLIC);
    }
    expect(internal.requests).toEqual([]);
  });

  it('checks every redirect again: a public address that redirects to loopback is refused', async () => {
    const internal = await listen('127.0.0.2');
    // 127.0.0.1 plays the public image host (allowed for this test); it redirects inwards.
    const redirector = await listen('127.0.0.1', (request, response) => {
      const to =
        request.url === '/by-name'
          ? `http://internal.example.test:${internal.port}/secret`
          : request.url === '/metadata'
            ? 'http://169.254.169.254/latest/meta-data/'
            : `http://127.0.0.2:${internal.port}/secret`;
      response.writeHead(302, { Location: to }).end();
    });
    const resolve = resolverOf({ 'cdn.example.test': ['127.0.0.1'], 'internal.example.test': ['127.0.0.2'] });
    const allowed = { ...options, resolve, allowedAddresses: ['127.0.0.1'] };
    for (const path of ['/by-address', '/by-name', '/metadata']) {
      const reason = await refusal(fetchPublic(`http://cdn.example.test:${redirector.port}${path}`, allowed));
      expect(reason, path).toBe(NOT_PUBLIC);
    }
    expect(redirector.requests).toEqual(['/by-address', '/by-name', '/metadata']);
    expect(internal.requests).toEqual([]);
  });

  it('connects to the address it checked, so a second DNS answer cannot move it (rebinding)', async () => {
    const checked = await listen('127.0.0.1', (_request, response) => response.writeHead(200).end('checked'));
    const internal = await listen('127.0.0.2');
    let answers = 0;
    const rebinding: Resolver = async () => {
      answers += 1;
      return [{ address: answers === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    const body = await fetchPublic(`http://rebind.example.test:${checked.port}/photo.png`, {
      ...options,
      resolve: rebinding,
      allowedAddresses: ['127.0.0.1'],
    });
    expect(body.toString()).toBe('checked');
    expect(answers).toBe(1);
    expect(checked.requests).toEqual(['/photo.png']);
    expect(internal.requests).toEqual([]);
  });

  it('follows at most five redirects, and caps size and time', async () => {
    const server = await listen('127.0.0.1', (request, response) => {
      if (request.url?.startsWith('/loop')) {
        response.writeHead(301, { Location: `/loop${request.url.length}` }).end();
      } else if (request.url === '/large') {
        response.writeHead(200, { 'Content-Length': '4096' }).end(Buffer.alloc(4096));
      } else if (request.url === '/large-unannounced') {
        response.writeHead(200);
        response.write(Buffer.alloc(800));
        response.end(Buffer.alloc(800));
      } else if (request.url !== '/slow') {
        response.writeHead(200).end('ok');
      }
      // /slow never answers.
    });
    const base = `http://127.0.0.1:${server.port}`;
    const allowed = { ...options, allowedAddresses: ['127.0.0.0/8'] };
    expect(await refusal(fetchPublic(`${base}/loop`, allowed))).toBe('it redirected more than 5 times');
    expect(server.requests.filter((url) => url.startsWith('/loop'))).toHaveLength(6);
    expect(await refusal(fetchPublic(`${base}/large`, allowed))).toBe('it is larger than 0 MB');
    expect(await refusal(fetchPublic(`${base}/large-unannounced`, allowed))).toMatch(/^it is larger than/);
    expect(await refusal(fetchPublic(`${base}/slow`, { ...allowed, timeoutMs: 300 }))).toBe(
      'it took longer than 0.3 seconds',
    );
    expect((await fetchPublic(`${base}/fine`, allowed)).toString()).toBe('ok');
  });

  it('gives a plain reason, without internal addresses or ports, when a connection fails', async () => {
    const closed = await listen('127.0.0.1');
    const port = closed.port;
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    listeners.splice(listeners.indexOf(closed), 1);
    const reason = await refusal(
      fetchPublic(`http://127.0.0.1:${port}/`, { ...options, allowedAddresses: ['127.0.0.1'] }),
    );
    expect(reason).toBe('the address could not be reached');
    expect(await refusal(fetchPublic('http://unknown.example.test/', { ...options, resolve: resolverOf({}) }))).toBe(
      'the address could not be reached',
    );
    expect(await refusal(fetchPublic('file:///etc/passwd', options))).toBe('it is not an http or https address');
  });
});

describe('copying an import’s images', () => {
  it('reports refused images as “refused: not a public address”, and the post keeps its address', async () => {
    const internal = await listen('127.0.0.1');
    const image = `http://127.0.0.1:${internal.port}/wp-content/uploads/secret.png`;
    const metadata = 'http://169.254.169.254/latest/meta-data/iam.png';
    const bundle =
      readExportFile(`<rss xmlns:wp="https://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
      <item><title>Pictures</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
      <wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>
      <content:encoded><![CDATA[<p><img src="${image}" alt="A"></p><p><img src="${metadata}" alt="B"></p>]]></content:encoded></item>
    </channel></rss>`);
    const result = await downloadImages(bundle, null, undefined, { allowedAddresses: [] });
    expect(result).toEqual({
      downloaded: 0,
      failed: [
        { url: image, reason: NOT_PUBLIC },
        { url: metadata, reason: NOT_PUBLIC },
      ],
    });
    expect(bundle.skipped).toContainEqual({
      item: `Image ${image}`,
      reason: 'not downloaded (refused: not a public address); the post keeps its address',
    });
    expect(bundle.posts[0]!.markdown).toContain(image);
    expect(internal.requests).toEqual([]);
  });
});
