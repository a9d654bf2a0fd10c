import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory } from './env';

/**
 * Secrets the embedded default needs without any configuration: taken from the environment when set,
 * otherwise generated once and kept in the data folder with mode 0600, so they survive restarts.
 * Never logged.
 */
export const secrets = {
  /** Signs and encrypts Auth.js session cookies. */
  auth: { envVar: 'AUTH_SECRET', file: 'auth-secret' },
  /** Lets Quire's command-line tools ask the running server to drop cached pages. */
  internal: { envVar: 'QUIRE_INTERNAL_SECRET', file: 'internal-secret' },
} as const;

type SecretName = keyof typeof secrets;

export function secretPath(name: SecretName): string {
  // The data folder is chosen at run time; nothing here belongs in the build's file tracing.
  return join(/* turbopackIgnore: true */ dataDirectory(), secrets[name].file);
}

/**
 * Secrets read from their files, by path: a secret file is written once and never changes while
 * the server runs, and reading it cost two system calls on every signed-in request.
 */
const readFiles = new Map<string, string>();

export function readSecret(name: SecretName): string | null {
  const fromEnv = process.env[secrets[name].envVar];
  if (fromEnv) return fromEnv;
  const path = secretPath(name);
  const known = readFiles.get(path);
  if (known) return known;
  if (!existsSync(path)) return null;
  const secret = readFileSync(path, 'utf8').trim();
  if (secret) readFiles.set(path, secret);
  return secret;
}

export function ensureSecret(name: SecretName): string {
  const existing = readSecret(name);
  if (existing) return existing;
  mkdirSync(dataDirectory(), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  const path = secretPath(name);
  // 'wx' fails if another process created it first; then read theirs.
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return secret;
  } catch {
    return readFileSync(path, 'utf8').trim();
  }
}

/** Constant-time comparison against a secret; false when the secret does not exist. */
export function matchesSecret(name: SecretName, candidate: string | null): boolean {
  const secret = readSecret(name);
  if (!secret || !candidate) return false;
  const a = Buffer.from(secret);
  const b = Buffer.from(candidate);
  return a.length === b.length && timingSafeEqual(a, b);
}
