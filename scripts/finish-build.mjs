// The last step of a production build (`npm run build`, and `npm start` when it builds), after
// `next build`:
//   - `.next/quire-build.json` records the SITE_URL the build was made for (`npm start` builds
//     again when it changes);
//   - `.next/standalone/` becomes a folder that runs on its own, with nothing else beside it: Next
//     traces the files its pages and routes need into it (`output: 'standalone'`), and this adds
//     Quire's server (scripts/start.mjs, scripts/server.mjs and what they import, traced by
//     @vercel/nft as Next traces its own), `public/` and the browser's files (`.next/static`). The
//     Docker image is that folder alone (see the Dockerfile).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import nextEnv from '@next/env';
import { buildSiteUrl, writeBuildMarker } from './build-marker.mjs';

const root = join(import.meta.dirname, '..');
/** What a standalone folder holds: the build, its packages, migrations, the server's own modules. */
const BUILD_ENTRIES = new Set(['.next', 'node_modules', 'package.json', 'db', 'lib', 'scripts', 'public']);

/** Adds Quire's own server, the public files and the browser's files to Next's standalone folder. */
async function completeStandalone(siteUrl) {
  const standalone = join(root, '.next', 'standalone');
  if (!existsSync(join(standalone, '.next', 'BUILD_ID'))) {
    throw new Error('next build made no .next/standalone folder (next.config.ts sets output: "standalone").');
  }
  // Next's own minimal server: Quire runs scripts/server.mjs instead (request log, front cache, cluster).
  rmSync(join(standalone, 'server.js'), { force: true });
  const cli = await bundleCli();
  const { nodeFileTrace } = await import('@vercel/nft');
  const { fileList } = await nodeFileTrace([join(root, 'scripts', 'start.mjs'), cli], {
    base: root,
    processCwd: root,
    ignore: (file) =>
      // Next's trace already holds what its server needs, and nft would follow every lazy require in it.
      file.startsWith('node_modules/next/') ||
      (file.startsWith('.next/') && !file.startsWith('.next/cli/')) ||
      // start.mjs's way to build, which a standalone folder never takes.
      file === 'scripts/finish-build.mjs',
  });
  for (const file of fileList) {
    if (file.startsWith('../')) throw new Error(`the server needs ${file}, which is outside the project folder.`);
    const target = join(standalone, file.replace(/^\.next\/cli\//, ''));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(root, file), target, { dereference: true });
  }
  // What `npm start` and `npm run quire` mean there.
  const { name, version, type, engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const scripts = { start: 'node scripts/start.mjs', quire: 'node scripts/quire.mjs' };
  writeFileSync(
    join(standalone, 'package.json'),
    `${JSON.stringify({ name, version, private: true, type, engines, scripts }, null, 2)}\n`,
  );
  // Next's tracer follows the mail outbox's path into the data folders on this machine (./data, the
  // benchmark's and the tests'), and Next copies the .env files: what a server writes at run time,
  // and settings with secrets, are never part of a build.
  for (const entry of readdirSync(standalone)) {
    if (!BUILD_ENTRIES.has(entry)) rmSync(join(standalone, entry), { recursive: true, force: true });
  }
  if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), join(standalone, 'public'), { recursive: true });
  cpSync(join(root, '.next', 'static'), join(standalone, '.next', 'static'), { recursive: true });
  // `standalone`: scripts/start.mjs cannot build here, and says so when SITE_URL differs.
  writeBuildMarker(standalone, siteUrl, { standalone: true });
}

/**
 * The operators' commands (scripts/quire.ts, TypeScript that `npm run quire` runs through tsx) as one
 * JavaScript file, `scripts/quire.mjs`: Quire's own modules bundled in, the packages left as imports
 * (traced with the server's). Bundled for the server's side of `server-only`, as tsx runs it.
 */
async function bundleCli() {
  const { build } = await import('esbuild');
  const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Beside the build, not in the standalone folder: packages are found (and traced) from the project's.
  const outfile = join(root, '.next', 'cli', 'scripts', 'quire.mjs');
  await build({
    entryPoints: [join(root, 'scripts', 'quire.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['react-server'],
    external: Object.keys(dependencies).filter((name) => name !== 'server-only'),
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs after `next build`, in the same environment. */
export async function finishBuild(env = process.env) {
  const siteUrl = buildSiteUrl(env);
  writeBuildMarker(root, siteUrl);
  await completeStandalone(siteUrl);
}

if (process.argv[1] === import.meta.filename) {
  // The settings `next build` read: the environment, then the .env files.
  nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });
  try {
    await finishBuild();
  } catch (error) {
    console.error(`Quire: finishing the build failed: ${error.message}`);
    process.exit(1);
  }
}
