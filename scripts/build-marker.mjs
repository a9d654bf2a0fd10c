// `.next/quire-build.json`: which SITE_URL a production build was made for. SITE_URL is part of the
// build (robots.txt, the https-only headers), so `npm start` builds again when it changes, and a
// standalone copy (the Docker image), which cannot build, stops with a sentence instead.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The address a build is made for: SITE_URL, or this machine on PORT (as lib/server/env.ts says). */
export function buildSiteUrl(env = process.env) {
  return (env.SITE_URL ?? `http://localhost:${env.PORT || '3000'}`).replace(/\/+$/, '');
}

/** What the build in `folder/.next` was made for, or null when there is no complete build there. */
export function readBuildMarker(folder) {
  if (!existsSync(join(folder, '.next', 'BUILD_ID'))) return null;
  try {
    const marker = JSON.parse(readFileSync(join(folder, '.next', 'quire-build.json'), 'utf8'));
    return typeof marker?.siteUrl === 'string'
      ? { siteUrl: marker.siteUrl, standalone: marker.standalone === true }
      : null;
  } catch {
    return null;
  }
}

/** Records that the build in `folder/.next` was made for `siteUrl`. */
export function writeBuildMarker(folder, siteUrl, { standalone = false } = {}) {
  writeFileSync(
    join(folder, '.next', 'quire-build.json'),
    JSON.stringify({ siteUrl, builtAt: new Date().toISOString(), ...(standalone ? { standalone } : {}) }),
  );
}
