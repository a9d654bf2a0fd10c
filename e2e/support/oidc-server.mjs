// A local OpenID Connect provider for the browser tests (the oidc-provider package), so the OAuth
// path is proven for real. Any login name signs in; `unverified-…` names have an unverified email.
import Provider from 'oidc-provider';

export function startOidcProvider({ port, redirectUri, clientId, clientSecret }) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    pkce: { required: () => false },
    // Put the email and name in the ID token, which is what an "oidc" client reads.
    conformIdTokenClaims: false,
    cookies: { keys: ['quire-e2e-oidc-cookie-key'] },
    async findAccount(_context, id) {
      const unverified = id.startsWith('unverified-');
      const email = unverified ? id.slice('unverified-'.length) : id.includes('@') ? id : `${id}@oidc.test`;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email, email_verified: !unverified, name: `OIDC ${email.split('@')[0]}` };
        },
      };
    },
  });
  // Test-only: plain http on loopback.
  provider.proxy = true;
  const server = provider.listen(port, '127.0.0.1');
  return { issuer, close: () => server.close() };
}
