#!/usr/bin/env node
// `npm start`: builds when there is no production build (or it was made for another SITE_URL),
// then runs `next start`. Honours PORT and HOSTNAME.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const marker = join(root, '.next', 'quire-build.json');
const siteUrl = process.env.SITE_URL ?? 'http://localhost:3000';
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

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

const args = [next, 'start', '--port', process.env.PORT ?? '3000'];
// Next names 127.0.0.1 "localhost" inside proxy.ts but not in its router, so with --hostname
// 127.0.0.1 every rewrite there (the signed-in post page) became an extra HTTP hop to itself.
const hostname = process.env.HOSTNAME === '127.0.0.1' ? 'localhost' : process.env.HOSTNAME;
if (hostname) args.push('--hostname', hostname);
const server = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
