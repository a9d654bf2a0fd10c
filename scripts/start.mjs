#!/usr/bin/env node
// `npm start`: builds when there is no production build (or it was made for another SITE_URL),
// then runs the server (scripts/server.mjs). Honours PORT, HOSTNAME and LOG_LEVEL. Also what the
// Docker image runs, in the standalone folder (scripts/finish-build.mjs), which cannot build.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import nextEnv from '@next/env';
import { buildSiteUrl, readBuildMarker } from './build-marker.mjs';

const root = join(import.meta.dirname, '..');
// Settings come from the environment, then the .env files, as the server reads them (SITE_URL
// decides whether to rebuild, so it must be read the same way here).
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });
// The same default as lib/server/env.ts: without SITE_URL, links point at this machine on PORT. Passed on
// explicitly so the build and the server cannot disagree about it.
const siteUrl = buildSiteUrl();
const built = readBuildMarker(root);

if (built?.siteUrl !== siteUrl) {
  if (built?.standalone) {
    console.error(
      `Quire: this build was made for SITE_URL=${built.siteUrl}, not ${siteUrl}, and cannot be rebuilt here: ` +
        `build it again for that address (docker build --build-arg SITE_URL=${siteUrl}).`,
    );
    process.exit(1);
  }
  console.log('Quire: building the site (first start, or SITE_URL changed)…');
  const env = { ...process.env, SITE_URL: siteUrl, NEXT_TELEMETRY_DISABLED: '1' };
  const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('Quire: the build failed; see the messages above.');
    process.exit(build.status ?? 1);
  }
  try {
    const { finishBuild } = await import('./finish-build.mjs');
    await finishBuild(env);
  } catch (error) {
    console.error(`Quire: finishing the build failed: ${error.message}`);
    process.exit(1);
  }
}

// In this process: the server needs the build's SITE_URL (and the .env settings loaded above).
process.env.SITE_URL = siteUrl;
await import('./server.mjs');
