import { z } from 'zod';
import { dialectOf } from '@/db/dialect';
import { trustProxyProblem } from './client-address';

// Validated once, at first use, so a bad setting fails fast with a sentence instead of a stack trace deep in a page.
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/quire.db')
    .refine((value) => value.startsWith('file:') || value === ':memory:' || dialectOf(value) === 'postgres', {
      message: 'DATABASE_URL must look like file:./data/quire.db or postgres://user:password@host:5432/quire',
    })
    .superRefine((value, context) => {
      const problem = dialectOf(value) === 'postgres' ? postgresUrlProblem(value) : null;
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  // Unset, it follows PORT (see defaultSiteUrl): links must point where this server listens.
  SITE_URL: z
    .url({ message: 'SITE_URL must be an absolute URL such as https://blog.example.com' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  PORT: z
    .string()
    .regex(/^(\d{1,5})?$/, { message: 'PORT must be a port number such as 3000' })
    .optional(),
  SEED_DEMO: z.enum(['0', '1', 'true', 'false']).default('1'),
  QUIRE_DATA_DIR: z.string().optional(),
  // PostgreSQL connections each server process keeps open at most (unset: defaultPoolSize).
  PG_POOL_SIZE: z
    .string()
    .trim()
    .regex(/^([1-9]\d{0,3})?$/, {
      message: 'PG_POOL_SIZE must be a whole number of connections from 1 to 9999, such as 10',
    })
    .optional()
    .transform((value) => (value ? Number(value) : undefined)),
  // Where uploaded images are stored; defaults to uploads/ in the data folder.
  UPLOADS_DIR: z.string().optional(),
  // Searches a minute per client address (see proxy.ts); 0 turns the limit off, empty keeps 60.
  SEARCH_RATE_LIMIT: z
    .string()
    .trim()
    .regex(/^(\d{1,9})?$/, {
      message: 'SEARCH_RATE_LIMIT must be a whole number of searches a minute, such as 60 (0 turns the limit off)',
    })
    .optional()
    .transform((value) => (value ? Number(value) : 60)),
  // Which X-Forwarded-For entry to believe: a hop count (1) or proxy addresses/CIDRs; unset trusts none.
  TRUST_PROXY: z
    .string()
    .optional()
    .superRefine((value, context) => {
      const problem = trustProxyProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  // Uploads in an S3-compatible bucket instead of UPLOADS_DIR: all four of these, or none.
  S3_ENDPOINT: z
    .url({ protocol: /^https?$/, message: 'S3_ENDPOINT must be an http(s) address such as https://s3.example.com' })
    .optional(),
  S3_BUCKET: z.string().trim().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_FORCE_PATH_STYLE: z
    .enum(['0', '1', 'true', 'false'], { message: 'S3_FORCE_PATH_STYLE must be true or false' })
    .default('true')
    .transform((value) => value === '1' || value === 'true'),
  // Pages allow images from https: addresses only (see security-headers.ts), so a public bucket must be on https.
  S3_PUBLIC_URL: z
    .url({ protocol: /^https$/, message: 'S3_PUBLIC_URL must be an https address such as https://images.example.com' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
});

const s3Required = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** A half-configured bucket would silently keep images on local disk: name what is missing instead. */
function s3ConfigurationProblem(source: Record<string, string | undefined>): string | null {
  const given = s3Required.filter((name) => source[name]);
  const optional = ['S3_REGION', 'S3_FORCE_PATH_STYLE', 'S3_PUBLIC_URL'].filter((name) => source[name]);
  if (given.length === s3Required.length || (given.length === 0 && optional.length === 0)) return null;
  const missing = s3Required.filter((name) => !source[name]);
  return `uploads on S3 need all of ${s3Required.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (or unset every S3_ setting to keep uploads in UPLOADS_DIR)`;
}

export type Env = Omit<z.infer<typeof envSchema>, 'SITE_URL' | 'PG_POOL_SIZE'> & {
  SITE_URL: string;
  PG_POOL_SIZE: number;
};

/**
 * PostgreSQL connections per server process when PG_POOL_SIZE is unset: 10 with one or two
 * processes, and beyond that 20 for the server shared among its processes (QUIRE_PROCESSES, one per
 * core by default: scripts/cluster.mjs), at least 4 each, so a server on a many-core machine stays
 * well under PostgreSQL's 100 connections.
 */
export function defaultPoolSize(processes: number): number {
  return Math.min(10, Math.max(4, Math.ceil(20 / Math.max(1, processes))));
}

/** The address a server started without SITE_URL has: this machine, on PORT (as `next start` and scripts/start.mjs use it). */
export function defaultSiteUrl(port: string | undefined): string {
  return `http://localhost:${port || '3000'}`;
}

/** A setting (or what it points at) is wrong: told in sentences, never with a stack trace. */
export class ConfigurationProblem extends Error {
  override name = 'ConfigurationProblem';
}

/** The settings from an environment, or an error that names every wrong one. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  const s3Problem = s3ConfigurationProblem(source);
  if (!parsed.success || s3Problem) {
    const problems = (parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    if (s3Problem) problems.push(`S3: ${s3Problem}`);
    throw new ConfigurationProblem(`Quire cannot start, a setting is wrong:\n  ${problems.join('\n  ')}`);
  }
  return {
    ...parsed.data,
    SITE_URL: parsed.data.SITE_URL ?? defaultSiteUrl(parsed.data.PORT),
    PG_POOL_SIZE: parsed.data.PG_POOL_SIZE ?? defaultPoolSize(Number(source.QUIRE_PROCESSES) || 1),
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The SQLite file path from DATABASE_URL (file:./data/quire.db → ./data/quire.db); ':memory:' on PostgreSQL, which has no file here. */
export function databasePath(env: Env = getEnv()): string {
  if (env.DATABASE_URL === ':memory:' || dialectOf(env.DATABASE_URL) === 'postgres') return ':memory:';
  return env.DATABASE_URL.slice('file:'.length);
}

/** DATABASE_URL as it may be shown: the file, or the PostgreSQL address without its password. */
export function databaseLabel(env: Env = getEnv()): string {
  if (dialectOf(env.DATABASE_URL) !== 'postgres') return databasePath(env);
  const url = new URL(env.DATABASE_URL);
  return `postgres://${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}${url.pathname}`;
}

/** SQLite's options mean nothing to PostgreSQL: a URL that carries them, or no database name, is a mistake. */
function postgresUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'DATABASE_URL is not a valid PostgreSQL address: it should look like postgres://user:password@host:5432/quire';
  }
  if (!url.hostname)
    return 'DATABASE_URL names no PostgreSQL host: it should look like postgres://user:password@host:5432/quire';
  if (url.pathname.length <= 1)
    return 'DATABASE_URL names no database: add one after the host, as in postgres://user:password@host:5432/quire';
  const sqliteOnly = [...url.searchParams.keys()].filter((key) =>
    ['mode', 'cache', 'journal_mode', 'busy_timeout', 'immutable', 'vfs'].includes(key),
  );
  if (sqliteOnly.length > 0)
    return `DATABASE_URL has SQLite options (${sqliteOnly.join(', ')}) that PostgreSQL does not understand: remove them.`;
  return null;
}

/** The folder beside the database where Quire keeps generated secrets and files. */
export function dataDirectory(env: Env = getEnv()): string {
  if (env.QUIRE_DATA_DIR) return env.QUIRE_DATA_DIR;
  const path = databasePath(env);
  if (path === ':memory:') return './data';
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '.' : path.slice(0, slash) || '/';
}

export function uploadsDirectory(env: Env = getEnv()): string {
  return env.UPLOADS_DIR ?? `${dataDirectory(env)}/uploads`;
}

export function siteUrl(): string {
  return getEnv().SITE_URL;
}

export function absoluteUrl(path: string): string {
  return new URL(path, `${siteUrl()}/`).toString();
}

export type S3Settings = {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  forcePathStyle: boolean;
  /** The bucket's own public address (no trailing slash), when browsers fetch images from it directly. */
  publicUrl: string | null;
};

/** The bucket uploads go to, or null when they stay in UPLOADS_DIR. */
export function s3Settings(env: Env = getEnv()): S3Settings | null {
  if (!env.S3_ENDPOINT || !env.S3_BUCKET || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) return null;
  return {
    endpoint: env.S3_ENDPOINT,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    publicUrl: env.S3_PUBLIC_URL ?? null,
  };
}
