import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, findSystemChromium } from './scripts/browser.mjs';
import { findRedisServer } from './scripts/redis-server.mjs';

// Three servers, each on a database of its own: the reader tests check the demo blog as seeded
// (counts, order, newest post), the writer tests publish, schedule and trash posts, and the import
// tests bring a whole other blog in. E2E_PORT moves all three (and the sign-in provider each starts
// on its port + 1) when 3100–3121 are taken.
const readersPort = Number(process.env.E2E_PORT ?? 3100);
const writersPort = readersPort + 10;
const importPort = readersPort + 20;
const writerSpecs = [
  '**/authoring.spec.ts',
  '**/dashboard.spec.ts',
  '**/moderation.spec.ts',
  '**/front-cache.spec.ts',
  '**/follow-by-email.spec.ts',
  '**/pages-and-menu.spec.ts',
];
const importSpecs = ['**/import.spec.ts'];
// The writer tests' server runs as a server of a cluster would: on PostgreSQL when the tests have one
// (TEST_POSTGRES_URL, which npm test provides), with a Redis of its own for its cache invalidations
// and shared pages (when a redis-server is found). The other two stay on SQLite, the default, so the
// browser tests drive both databases in one pass. E2E_POSTGRES_URL puts all three on PostgreSQL,
// each with a Redis of its own: the whole browser suite as a cluster's servers run it.
const postgresFor = (port: number) =>
  process.env.E2E_POSTGRES_URL || (port === writersPort ? process.env.TEST_POSTGRES_URL : undefined) || '';
const redisFor = (port: number) =>
  (port === writersPort || Boolean(process.env.E2E_POSTGRES_URL)) && findRedisServer() !== null;
// The XSS corpus through every sink changes the site title, publishes a post and holds comments: on
// the import server, after the import tests (which count posts), so it races no other spec.
const xssSpecs = ['**/xss-sinks.spec.ts'];
// Specs that start servers of their own (Quire on uploads in a local S3 bucket at port + 30, one
// stopped with SIGTERM at port + 40, one of two processes at port + 50, the standalone build at
// port + 55, the bucket at port + 60):
// only when one of them runs.
const ownServersPort = readersPort + 30;
const ownServerSpecs = [
  '**/s3-uploads.spec.ts',
  '**/shutdown.spec.ts',
  '**/cluster.spec.ts',
  '**/two-servers.spec.ts',
  '**/standalone.spec.ts',
];

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // Three servers and a browser share two cores: a test that takes 25 s alone (a moderator's round
  // trip through four browser contexts) ran past the 30 s default under that load in CI.
  timeout: 120_000,
  // The JSON report (file from PLAYWRIGHT_JSON_OUTPUT_FILE) feeds the closing line of `npm test`.
  reporter: [['list'], ['json'], ...(process.env.CI ? [] : ([['html', { open: 'never' }]] as const))],
  use: {
    // No trace by default: recording one (a screenshot stream and DOM snapshots) made every test
    // about twice as slow on two cores. `npm run test:e2e -- --trace retain-on-failure` keeps one for
    // each failing test.
    trace: 'off',
    // CHROMIUM_PATH, else the system's Chromium, else Playwright's own download (undefined).
    launchOptions: { executablePath: findSystemChromium() ?? undefined, args: chromiumArgs },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: [...writerSpecs, ...importSpecs, ...xssSpecs, ...ownServerSpecs],
      metadata: { postgresUrl: postgresFor(readersPort) },
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${readersPort}` },
    },
    {
      name: 'chromium-writers',
      testMatch: writerSpecs,
      metadata: { postgresUrl: postgresFor(writersPort) },
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${writersPort}` },
    },
    {
      name: 'chromium-import',
      testMatch: importSpecs,
      metadata: { postgresUrl: postgresFor(importPort) },
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${importPort}` },
    },
    {
      name: 'chromium-xss',
      testMatch: xssSpecs,
      dependencies: ['chromium-import'],
      metadata: { postgresUrl: postgresFor(importPort) },
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${importPort}` },
    },
    {
      name: 'chromium-own-servers',
      testMatch: ownServerSpecs,
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${ownServersPort}` },
    },
  ],
  // Production servers (`next build` runs first, in `npm test`) on databases made fresh for each run.
  webServer: [readersPort, writersPort, importPort].map((port) => ({
    command: 'node scripts/e2e-server.mjs',
    env: { E2E_PORT: String(port), E2E_POSTGRES_URL: postgresFor(port), E2E_REDIS: redisFor(port) ? '1' : '' },
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  })),
});
