import { z } from 'zod';

// Validated once, at first use, so a bad setting fails fast with a sentence instead of a stack trace deep in a page.
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/quire.db')
    .refine((value) => value.startsWith('file:') || value === ':memory:', {
      message: 'DATABASE_URL must look like file:./data/quire.db',
    }),
  SITE_URL: z
    .url({ message: 'SITE_URL must be an absolute URL such as https://blog.example.com' })
    .default('http://localhost:3000')
    .transform((value) => value.replace(/\/+$/, '')),
  SEED_DEMO: z.enum(['0', '1', 'true', 'false']).default('1'),
  QUIRE_DATA_DIR: z.string().optional(),
  // Where uploaded images are stored; defaults to uploads/ in the data folder.
  UPLOADS_DIR: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Quire cannot start, a setting is wrong:\n  ${problems.join('\n  ')}`);
  }
  cached = parsed.data;
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
