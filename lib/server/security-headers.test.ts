import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, doorSecurityHeaders, securityHeaders, signInProviderOrigins } from './security-headers';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('keeps scripts, plugins, frames, forms and connections to this site', () => {
    const policy = directives(contentSecurityPolicy({ https: false }));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'https:']);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('allows eval only for the development server', () => {
    expect(directives(contentSecurityPolicy({ https: false })).get('script-src')).not.toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy({ https: false, development: true })).get('script-src')).toContain(
      "'unsafe-eval'",
    );
  });

  it('lets forms go on to the given origins and upgrades requests on https sites', () => {
    const policy = directives(
      contentSecurityPolicy({ https: true, formActionOrigins: ['https://github.com', 'http://localhost:3101'] }),
    );
    expect(policy.get('form-action')).toEqual(["'self'", 'https://github.com', 'http://localhost:3101']);
    expect(policy.has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('signInProviderOrigins', () => {
  it('lists the origin of each configured provider, and only configured ones', () => {
    expect(signInProviderOrigins({})).toEqual([]);
    expect(signInProviderOrigins({ AUTH_GITHUB_ID: 'id' })).toEqual([]);
    expect(
      signInProviderOrigins({
        AUTH_GITHUB_ID: 'id',
        AUTH_GITHUB_SECRET: 'secret',
        AUTH_GOOGLE_ID: 'id',
        AUTH_GOOGLE_SECRET: 'secret',
        OIDC_ISSUER: 'https://login.example.org/realms/blog',
        OIDC_CLIENT_ID: 'id',
        OIDC_CLIENT_SECRET: 'secret',
      }),
    ).toEqual(['https://github.com', 'https://accounts.google.com', 'https://login.example.org']);
  });

  it('leaves out an issuer that is not an http(s) address', () => {
    const oidc = { OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret' };
    expect(signInProviderOrigins({ ...oidc, OIDC_ISSUER: 'not an address' })).toEqual([]);
    expect(signInProviderOrigins({ ...oidc, OIDC_ISSUER: 'javascript:alert(1)' })).toEqual([]);
  });
});

describe('securityHeaders', () => {
  const names = (https: boolean) => securityHeaders({ https }).map((header) => header.key);

  it('sends the framing, sniffing, referrer and feature headers everywhere', () => {
    const headers = new Map(securityHeaders({ https: false }).map((header) => [header.key, header.value]));
    expect(headers.get('X-Frame-Options')).toBe('DENY');
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.get('Permissions-Policy')).toBe('camera=(), microphone=(), geolocation=()');
    expect(headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
  });

  it('adds Strict-Transport-Security only for https sites', () => {
    expect(names(false)).not.toContain('Strict-Transport-Security');
    expect(names(true)).toContain('Strict-Transport-Security');
  });
});

describe('doorSecurityHeaders', () => {
  it('is every security header of the site as one object, for the answers sent before Next', () => {
    const expected = Object.fromEntries(securityHeaders({ https: false }).map(({ key, value }) => [key, value]));
    expect(doorSecurityHeaders()).toEqual(expected);
    expect(Object.keys(doorSecurityHeaders())).toContain('Content-Security-Policy');
  });
});
