import { describe, expect, it } from 'vitest';
import { clientAddress, requestIsHttps, trustProxyProblem } from './client-address';

function headersOf(peer: string | null, forwardedFor?: string, extra: Record<string, string> = {}): Headers {
  const headers = new Headers(extra);
  if (peer !== null) headers.set('x-quire-peer-address', peer);
  if (forwardedFor !== undefined) headers.set('x-forwarded-for', forwardedFor);
  return headers;
}

describe('clientAddress', () => {
  it('takes the socket address and ignores forwarded entries when no proxy is trusted', () => {
    expect(clientAddress(headersOf('203.0.113.7'), undefined)).toBe('203.0.113.7');
    expect(clientAddress(headersOf('203.0.113.7', '1.2.3.4'), undefined)).toBe('203.0.113.7');
    expect(clientAddress(headersOf('203.0.113.7', '1.2.3.4, 5.6.7.8'), '')).toBe('203.0.113.7');
  });

  it('gives the same address whatever spoofed entry each attempt sends', () => {
    const seen = new Set(['9.9.9.1', '9.9.9.2', 'nonsense'].map((fake) => clientAddress(headersOf('::1', fake), '')));
    expect([...seen]).toEqual(['::1']);
  });

  it('writes IPv4-mapped socket addresses as plain IPv4', () => {
    expect(clientAddress(headersOf('::ffff:127.0.0.1'), undefined)).toBe('127.0.0.1');
  });

  it('with one trusted hop takes the entry the proxy appended, not the ones the client typed', () => {
    expect(clientAddress(headersOf('10.0.0.2', '198.51.100.9'), '1')).toBe('198.51.100.9');
    expect(clientAddress(headersOf('10.0.0.2', '6.6.6.6, 198.51.100.9'), '1')).toBe('198.51.100.9');
  });

  it('with two trusted hops steps two entries to the left', () => {
    expect(clientAddress(headersOf('10.0.0.2', '6.6.6.6, 198.51.100.9, 10.0.0.1'), '2')).toBe('198.51.100.9');
  });

  it('with a list of proxies walks left only past addresses on the list', () => {
    const trust = '10.0.0.0/8, 192.168.1.5';
    expect(clientAddress(headersOf('10.0.0.2', '6.6.6.6, 198.51.100.9, 192.168.1.5'), trust)).toBe('198.51.100.9');
    // The socket is not a listed proxy: its forwarded header is not believed.
    expect(clientAddress(headersOf('198.51.100.9', '6.6.6.6'), trust)).toBe('198.51.100.9');
  });

  it('falls back to the right-most forwarded entry without the peer header (next dev)', () => {
    expect(clientAddress(headersOf(null, '6.6.6.6, 127.0.0.1'), undefined)).toBe('127.0.0.1');
    expect(clientAddress(headersOf(null), undefined)).toBe('unknown');
  });

  it('survives garbage in the forwarded header', () => {
    expect(clientAddress(headersOf('10.0.0.2', 'not-an-address'), '1')).toBe('not-an-address');
    expect(clientAddress(headersOf('10.0.0.2', ' , ,'), '1')).toBe('10.0.0.2');
  });
});

describe('requestIsHttps', () => {
  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    const forwardedHttps = headersOf('10.0.0.2', '198.51.100.9', { 'x-forwarded-proto': 'https' });
    expect(requestIsHttps(forwardedHttps, '1')).toBe(true);
    expect(requestIsHttps(forwardedHttps, undefined)).toBe(false);
    expect(requestIsHttps(headersOf('10.0.0.2', undefined, { 'x-forwarded-proto': 'http' }), '1')).toBe(false);
  });

  it('is true for a TLS socket', () => {
    expect(requestIsHttps(headersOf('10.0.0.2', undefined, { 'x-quire-peer-protocol': 'https' }), undefined)).toBe(
      true,
    );
  });
});

describe('trustProxyProblem', () => {
  it('accepts hop counts and address lists and refuses nonsense with a sentence', () => {
    expect(trustProxyProblem('1')).toBeNull();
    expect(trustProxyProblem('10.0.0.0/8, loopback')).toBeNull();
    expect(trustProxyProblem(undefined)).toBeNull();
    expect(trustProxyProblem('banana')).toMatch(/TRUST_PROXY must be/);
  });
});
