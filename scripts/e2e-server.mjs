// Starts the production build for the browser tests on a database made fresh for this run.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const port = process.env.E2E_PORT ?? '3100';
// One data folder per server: the browser tests run two (see playwright.config.ts).
const dataDir = join(root, 'e2e', `.data-${port}`);
rmSync(dataDir, { recursive: true, force: true });

const oidcPort = Number(port) + 1;
const oidc = {
  clientId: 'quire-e2e',
  clientSecret: 'quire-e2e-client-secret-for-tests-only',
};
// The local OpenID Connect provider the OAuth sign-in test goes through.
const { startOidcProvider } = await import('../e2e/support/oidc-server.mjs');
const provider = startOidcProvider({
  port: oidcPort,
  redirectUri: `http://localhost:${port}/api/auth/callback/oidc`,
  ...oidc,
});
const server = spawn(
  process.execPath,
  [
    join(root, 'node_modules', 'next', 'dist', 'bin', 'next'),
    'start',
    '--port',
    port,
    '--hostname',
    'localhost',
    // Node closes an idle kept-alive connection after 5 s; a test's request context reusing it at that
    // moment gets ECONNRESET (seen once in CI). Idle connections stay open for a minute instead.
    '--keepAliveTimeout',
    '60000',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: `file:${join(dataDir, 'quire.db')}`,
      SITE_URL: `http://localhost:${port}`,
      SEED_DEMO: '1',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      OIDC_NAME: 'Test OIDC',
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => {
  provider.close();
  process.exit(code ?? 0);
});
