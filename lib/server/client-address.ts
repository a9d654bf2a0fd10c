import proxyAddr from 'proxy-addr';

/** Set by scripts/peer-address.mjs from the socket, overwriting any value a client sent. */
export const PEER_ADDRESS_HEADER = 'x-quire-peer-address';
export const PEER_PROTOCOL_HEADER = 'x-quire-peer-protocol';

type TrustFunction = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as express reads "trust proxy": empty trusts no one; a number trusts that many hops
 * next to the server; otherwise a comma-separated list of addresses, CIDRs or proxy-addr's names
 * (loopback, linklocal, uniquelocal). Throws a TypeError naming a bad entry.
 */
export function compileTrustProxy(setting: string | undefined): TrustFunction {
  const value = setting?.trim() ?? '';
  if (value === '') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(value.split(',').map((entry) => entry.trim()));
}

/** A setting that compileTrustProxy refuses, as a sentence; null when it is fine. */
export function trustProxyProblem(setting: string | undefined): string | null {
  try {
    compileTrustProxy(setting);
    return null;
  } catch {
    return 'TRUST_PROXY must be a number of proxy hops (such as 1) or a comma-separated list of proxy addresses or CIDRs';
  }
}

function readHeaders(headers: Headers) {
  const peer = headers.get(PEER_ADDRESS_HEADER)?.trim();
  const forwarded = headers.get('x-forwarded-for') ?? '';
  if (peer) return { peer, forwarded };
  // Without the preload (next dev) the right-most entry stands in for the socket: Next fills
  // X-Forwarded-For with the socket address only when the request brought none.
  const entries = forwarded
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return { peer: entries.pop() ?? '', forwarded: entries.join(', ') };
}

const unmapIpv4 = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

/**
 * The address of whoever sent the request: the socket's peer, or, when that peer is a trusted proxy,
 * the X-Forwarded-For entries read from the right for as long as they are trusted proxies too. The
 * left-most entries are whatever the client typed, so they count only when every hop after is trusted.
 */
export function clientAddress(headers: Headers, trustProxy: string | undefined): string {
  const { peer, forwarded } = readHeaders(headers);
  if (!peer) return 'unknown';
  const request = {
    headers: { 'x-forwarded-for': forwarded || undefined },
    connection: { remoteAddress: peer },
    socket: { remoteAddress: peer },
  };
  try {
    return unmapIpv4(proxyAddr(request as unknown as Parameters<typeof proxyAddr>[0], compileTrustProxy(trustProxy)));
  } catch {
    // A forwarded entry that is not an address at all: fall back to the one hop we saw ourselves.
    return unmapIpv4(peer);
  }
}

/** Whether the request reached us over https: on our own socket, or said so by a trusted proxy. */
export function requestIsHttps(headers: Headers, trustProxy: string | undefined): boolean {
  if (headers.get(PEER_PROTOCOL_HEADER) === 'https') return true;
  const { peer } = readHeaders(headers);
  if (!peer || !compileTrustProxy(trustProxy)(peer, 0)) return false;
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https';
}
