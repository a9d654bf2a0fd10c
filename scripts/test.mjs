#!/usr/bin/env node
// `npm test`: every check the project has, in the order that fails fastest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from './browser.mjs';
import { findPostgres, missingPostgres, startPostgresServer } from './postgres-server.mjs';
import { findRedisServer, missingRedisServer } from './redis-server.mjs';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const e2ePort = process.env.E2E_PORT ?? '3100';
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

function step(title, command, args, extraEnv = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed.`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const chromium = await findChromium();
if (!chromium) {
  console.error(
    'No Chromium found for the browser tests. Install one, then run npm test again:\n' +
      '  Debian/Ubuntu:  sudo apt-get install -y chromium-headless-shell   (or chromium)\n' +
      '  or set CHROMIUM_PATH to a Chrome/Chromium binary,\n' +
      '  or download Playwright’s own:  npx playwright install chromium',
  );
  process.exit(1);
}

// The tests of the Redis invalidation bus, and the two-server browser test, start a redis-server of their own.
const redisServer = findRedisServer();
if (!redisServer) {
  console.error(missingRedisServer);
  process.exit(1);
}
env.REDIS_SERVER_PATH = redisServer;

// The unit tests that reach the database run twice, on SQLite, then on PostgreSQL, and the two-server
// browser test runs on PostgreSQL: a server of their own unless TEST_POSTGRES_URL names one.
if (!env.TEST_POSTGRES_URL && !findPostgres()) {
  console.error(missingPostgres);
  process.exit(1);
}

step('Formatting (prettier)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
step('Lint (eslint)', bin('eslint'), ['.', '--max-warnings=0']);
step('Types (tsc)', bin('tsc'), ['--noEmit']);
// Outside test-results/, which Playwright empties when it starts.
const reports = join(root, 'test-reports');
mkdirSync(reports, { recursive: true });
const postgres = env.TEST_POSTGRES_URL ? null : await startPostgresServer({ port: Number(e2ePort) + 90 });
// Stopped however the run ends (a failed step exits at once).
process.on('exit', () => postgres?.stop());
if (postgres) env.TEST_POSTGRES_URL = postgres.url;
step('Unit tests (vitest: SQLite, then PostgreSQL)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(reports, 'vitest.json')}`,
]);
const buildEnv = { SITE_URL: `http://localhost:${e2ePort}` };
step('Production build (npm run build: next build)', bin('next'), ['build'], buildEnv);
step(
  'Production build (npm run build: the standalone folder)',
  process.execPath,
  ['scripts/finish-build.mjs'],
  buildEnv,
);
step('Browser tests (playwright)', bin('playwright'), ['test'], {
  CHROMIUM_PATH: chromium,
  E2E_PORT: e2ePort,
  PLAYWRIGHT_JSON_OUTPUT_FILE: join(reports, 'playwright.json'),
});

// One closing line for the whole run, counted from both runners' reports.
const unit = JSON.parse(readFileSync(join(reports, 'vitest.json'), 'utf8'));
const browser = JSON.parse(readFileSync(join(reports, 'playwright.json'), 'utf8')).stats;
const passed = unit.numPassedTests + browser.expected + browser.flaky;
const failed = unit.numFailedTests + browser.unexpected;
console.log(`\nTests: ${passed} passed, ${failed} failed`);
postgres?.stop();
process.exit(failed === 0 ? 0 : 1);
