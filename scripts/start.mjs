#!/usr/bin/env node
// `npm start`: builds when there is no production build (or it was made for another SITE_URL),
// then runs the server (scripts/server.mjs). Honours PORT, HOSTNAME and LOG_LEVEL.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nextEnv from '@next/env';

const root = join(import.meta.dirname, '..');
// Settings come from the environment, then the .env files, as the server reads them (SITE_URL
// decides whether to rebuild, so it must be read the same way here).
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });
const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const marker = join(root, '.next', 'quire-build.json');
const port = process.env.PORT || '3000';
// The same default as lib/server/env.ts: without SITE_URL, links point at this machine on PORT. Passed on
// explicitly so the build and the server cannot disagree about it.
const siteUrl = (process.env.SITE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
const env = { ...process.env, SITE_URL: siteUrl, NEXT_TELEMETRY_DISABLED: '1' };

function buildIsCurrent() {
  if (!existsSync(join(root, '.next', 'BUILD_ID')) || !existsSync(marker)) return false;
  try {
    return JSON.parse(readFileSync(marker, 'utf8')).siteUrl === siteUrl;
  } catch {
    return false;
  }
}

if (!buildIsCurrent()) {
  console.log('Quire: building the site (first start, or SITE_URL changed)…');
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('Quire: the build failed; see the messages above.');
    process.exit(build.status ?? 1);
  }
  writeFileSync(marker, JSON.stringify({ siteUrl, builtAt: new Date().toISOString() }));
}

// In this process: the server needs the build's SITE_URL (and the .env settings loaded above).
process.env.SITE_URL = siteUrl;
await import('./server.mjs');
