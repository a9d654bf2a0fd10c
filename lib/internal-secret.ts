import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory } from './env';

/**
 * A secret shared by the server and Quire's command-line tools on the same machine, so that a
 * tool that writes to the database (an import, the seeder) can ask the running server to drop
 * the cached pages it changed. Kept in the data folder with mode 0600, never logged.
 */
export function internalSecretPath(): string {
  return join(dataDirectory(), 'internal-secret');
}

export function ensureInternalSecret(): string {
  if (process.env.QUIRE_INTERNAL_SECRET) return process.env.QUIRE_INTERNAL_SECRET;
  const path = internalSecretPath();
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDirectory(), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return secret;
}

export function readInternalSecret(): string | null {
  if (process.env.QUIRE_INTERNAL_SECRET) return process.env.QUIRE_INTERNAL_SECRET;
  const path = internalSecretPath();
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
}

export function isInternalSecret(candidate: string | null): boolean {
  const secret = readInternalSecret();
  if (!secret || !candidate) return false;
  const a = Buffer.from(secret);
  const b = Buffer.from(candidate);
  return a.length === b.length && timingSafeEqual(a, b);
}
