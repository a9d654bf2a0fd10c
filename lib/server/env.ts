import { z } from 'zod';
import { trustProxyProblem } from './client-address';

// Validated once, at first use, so a bad setting fails fast with a sentence instead of a stack trace deep in a page.
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/quire.db')
    .refine((value) => value.startsWith('file:') || value === ':memory:', {
      message: 'DATABASE_URL must look like file:./data/quire.db',
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
});

export type Env = Omit<z.infer<typeof envSchema>, 'SITE_URL'> & { SITE_URL: string };

/** The address a server started without SITE_URL has: this machine, on PORT (as `next start` and scripts/start.mjs use it). */
export function defaultSiteUrl(port: string | undefined): string {
  return `http://localhost:${port || '3000'}`;
}

/** The settings from an environment, or an error that names every wrong one. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Quire cannot start, a setting is wrong:\n  ${problems.join('\n  ')}`);
  }
  return { ...parsed.data, SITE_URL: parsed.data.SITE_URL ?? defaultSiteUrl(parsed.data.PORT) };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The SQLite file path from DATABASE_URL (file:./data/quire.db → ./data/quire.db). */
export function databasePath(env: Env = getEnv()): string {
  return env.DATABASE_URL === ':memory:' ? ':memory:' : env.DATABASE_URL.slice('file:'.length);
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
