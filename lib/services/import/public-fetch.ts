import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

// Fetches what an export file points at (its images) without letting the file reach inside the
// server's network (SSRF): every address a host resolves to must be public, the connection goes to
// the address that was checked (so a second DNS answer cannot switch it to 127.0.0.1), redirects are
// followed by hand and checked again, and size and time are capped. The reasons it gives are meant
// for the person importing: they never carry internal ports or error details.

/** A fetch that was not done, with a reason safe to show. */
export class FetchRefused extends Error {}

export const NOT_PUBLIC = 'refused: not a public address';

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Every address a host name resolves to (injectable, for tests). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type PublicFetchOptions = {
  maxBytes: number;
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects?: number;
  resolve?: Resolver;
  /** Private addresses that may be fetched anyway: tests only (a local image server). */
  allowedAddresses?: readonly string[];
};

const defaultResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/**
 * Whether an address is on the public internet: ipaddr.js names every special range (loopback,
 * private, link-local with the cloud metadata address, unique-local, carrier-grade NAT, multicast,
 * unspecified, reserved, NAT64 and 6to4 which can wrap a private IPv4…); only plain unicast passes.
 * IPv4-mapped IPv6 is judged as the IPv4 it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  // The deprecated IPv4-compatible form (::a.b.c.d) is "unicast" to ipaddr.js but carries an IPv4.
  if (
    parsed.kind() === 'ipv6' &&
    parsed
      .toByteArray()
      .slice(0, 12)
      .every((byte) => byte === 0)
  )
    return false;
  return parsed.range() === 'unicast';
}

/** Whether an address is in the test-only allow-list (addresses or CIDR ranges). */
function isAllowed(address: string, allowed: readonly string[]): boolean {
  if (!allowed.length || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return allowed.some((entry) => {
    try {
      const range = ipaddr.parseCIDR(entry.includes('/') ? entry : `${entry}/${entry.includes(':') ? 128 : 32}`);
      return range[0].kind() === parsed.kind() && parsed.match(range);
    } catch {
      return false;
    }
  });
}

/**
 * The test-only allow-list from QUIRE_IMPORT_ALLOWED_ADDRESSES (comma-separated addresses or CIDR
 * ranges, e.g. `127.0.0.1`): the browser tests serve images from a local server. Never set it in
 * production: it opens those addresses to anyone who can start an import.
 */
export function allowedAddressesFromEnv(value = process.env.QUIRE_IMPORT_ALLOWED_ADDRESSES): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

async function vettedAddress(url: URL, options: PublicFetchOptions): Promise<ResolvedAddress> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  try {
    // An address written in the URL is where the connection goes: it is checked as it is.
    addresses = ipaddr.isValid(hostname)
      ? [{ address: hostname, family: hostname.includes(':') ? 6 : 4 }]
      : await (options.resolve ?? defaultResolver)(hostname);
  } catch {
    throw new FetchRefused('the address could not be reached');
  }
  if (!addresses.length) throw new FetchRefused('the address could not be reached');
  // All of them, not just the first: a host that also resolves to an internal address is refused.
  const allowed = options.allowedAddresses ?? [];
  if (!addresses.every(({ address }) => isPublicAddress(address) || isAllowed(address, allowed))) {
    throw new FetchRefused(NOT_PUBLIC);
  }
  return addresses[0]!;
}

/** A lookup that answers with the vetted address only: the connection cannot go anywhere else. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

function get(url: URL, pinned: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'GET',
      lookup: pinnedLookup(pinned),
      // A fresh connection each time: no pooled socket outlives the check that allowed it.
      agent: false,
      signal,
      headers: { Accept: 'image/*', 'User-Agent': 'Quire importer' },
    });
    outgoing.on('response', resolve);
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).byteLength;
    if (size > maxBytes) {
      response.destroy();
      throw new FetchRefused(`it is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** GETs a public http(s) address, following at most `maxRedirects` redirects, each one checked. */
export async function fetchPublic(address: string, options: PublicFetchOptions): Promise<Buffer> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const maxRedirects = options.maxRedirects ?? 5;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new FetchRefused('it is not a valid address');
  }
  try {
    for (let redirects = 0; ; redirects += 1) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new FetchRefused('it is not an http or https address');
      }
      if (url.username || url.password) throw new FetchRefused('it has a user name or password in it');
      const pinned = await vettedAddress(url, options);
      const response = await get(url, pinned, signal);
      const status = response.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw new FetchRefused(`the server answered ${status} without a new address`);
        if (redirects >= maxRedirects) throw new FetchRefused(`it redirected more than ${maxRedirects} times`);
        url = new URL(location, url);
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        throw new FetchRefused(`the server answered ${status}`);
      }
      if (Number(response.headers['content-length'] ?? 0) > options.maxBytes) {
        response.destroy();
        throw new FetchRefused(`it is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`);
      }
      return await readBody(response, options.maxBytes);
    }
  } catch (error) {
    if (error instanceof FetchRefused) throw error;
    if (signal.aborted) throw new FetchRefused(`it took longer than ${options.timeoutMs / 1000} seconds`);
    // Connection errors name internal addresses and ports: the person importing gets a plain sentence.
    throw new FetchRefused('the address could not be reached');
  }
}
