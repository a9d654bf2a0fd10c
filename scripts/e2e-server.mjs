// Starts the production build for the browser tests on a database made fresh for this run.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freshPostgresDatabase } from './postgres-server.mjs';
import { startRedisServer } from './redis-server.mjs';

const root = join(import.meta.dirname, '..');
const port = process.env.E2E_PORT ?? '3100';
// One data folder per server: the browser tests run two (see playwright.config.ts).
const dataDir = join(root, 'e2e', `.data-${port}`);
rmSync(dataDir, { recursive: true, force: true });

// On PostgreSQL when E2E_POSTGRES_URL names a server whose user may create databases: a database
// made fresh for this server, as the SQLite file is. With E2E_REDIS=1, a Redis of its own on port + 5
// (REDIS_URL: its invalidations and shared pages go through it, as a server of a cluster's do).
const databaseUrl = process.env.E2E_POSTGRES_URL
  ? await freshPostgresDatabase(process.env.E2E_POSTGRES_URL, `quire_e2e_${port}`)
  : `file:${join(dataDir, 'quire.db')}`;

const redis = process.env.E2E_REDIS === '1' ? await startRedisServer({ port: Number(port) + 5 }) : null;

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
// The production server as `npm start` runs it (scripts/server.mjs: request log, socket address).
const server = spawn(process.execPath, [join(root, 'scripts', 'server.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: port,
    HOSTNAME: 'localhost',
    // Warnings and errors only: a line per request from three servers would bury the test report.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // One process, on the two cores the browsers and three servers share, unless a test asks for more
    // (e2e/cluster.spec.ts); the server's own default is one per core.
    WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
    DATABASE_URL: databaseUrl,
    QUIRE_DATA_DIR: dataDir,
    SITE_URL: `http://localhost:${port}`,
    SEED_DEMO: '1',
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: oidc.clientId,
    OIDC_CLIENT_SECRET: oidc.clientSecret,
    OIDC_NAME: 'Test OIDC',
    // Tests only: the image-copy test's local "old site". Every other private address stays refused.
    QUIRE_IMPORT_ALLOWED_ADDRESSES: '127.0.0.1',
    ...(redis ? { REDIS_URL: redis.url } : {}),
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', async (code) => {
  provider.close();
  await redis?.stop();
  process.exit(code ?? 0);
});
