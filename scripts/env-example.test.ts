import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// .env.example is the list of every setting: this keeps it complete as code starts reading new ones.

const root = join(import.meta.dirname, '..');
const skippedFolders = new Set(['node_modules', '.next', '.git', 'test-results', 'playwright-report', 'test-reports']);
// Set by Node, Next or the test runners themselves, not by a person running Quire.
const notSettings = new Set([
  'NODE_ENV',
  'NEXT_RUNTIME',
  'NEXT_PHASE',
  'NEXT_TELEMETRY_DISABLED',
  '__NEXT_PRIVATE_ORIGIN',
  '__NEXT_PRIVATE_STANDALONE_CONFIG',
  'VITEST',
  'CI',
  'TSX_TSCONFIG_PATH',
  // Set by Quire's own primary process for each of its workers (scripts/cluster.mjs).
  'QUIRE_WORKER',
  'QUIRE_ERROR_PAGE_KEY',
  'QUIRE_PROCESSES',
  // Set by playwright.config.ts for the browser tests' own servers (scripts/e2e-server.mjs).
  'E2E_REDIS',
]);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      const skipped =
        skippedFolders.has(entry.name) || entry.name.startsWith('.data-') || path === join(root, 'bench', 'data');
      return skipped ? [] : sourceFiles(path);
    }
    // Tests stub settings of their own; what matters is what the product reads.
    const isSource = /\.(ts|tsx|mjs|cjs|js)$/.test(entry.name) && !/\.(test|spec)\.ts$/.test(entry.name);
    return isSource ? [path] : [];
  });
}

/** Names read as process.env.NAME / process.env['NAME'], env.NAME after `const env = process.env`, zod schema keys, secrets' envVar. */
function settingsReadBy(source: string): string[] {
  const patterns = [
    /process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
    /process\.env\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\]/g,
    /\benv\.([A-Z][A-Z0-9_]*)\b/g,
    /^\s*([A-Z][A-Z0-9_]*): z\b/gm,
    /envVar: ['"]([A-Z][A-Z0-9_]*)['"]/g,
  ];
  const names = patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
  return [...new Set(names)].sort();
}

describe('.env.example', () => {
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));

  it('finds the settings in the ways the code reads them', () => {
    expect(
      settingsReadBy(
        "process.env.SMTP_URL; process.env['MAIL_FROM']; const env = process.env; env.OIDC_ISSUER; nextEnv.loadEnvConfig\n  SEED_DEMO: z.enum(['0']),\n{ envVar: 'AUTH_SECRET' }",
      ),
    ).toEqual(['AUTH_SECRET', 'MAIL_FROM', 'OIDC_ISSUER', 'SEED_DEMO', 'SMTP_URL']);
  });

  it('lists every setting the code reads', () => {
    const read = new Map<string, string>();
    for (const file of sourceFiles(root)) {
      for (const name of settingsReadBy(readFileSync(file, 'utf8'))) {
        if (!notSettings.has(name) && !read.has(name)) read.set(name, relative(root, file));
      }
    }
    // The ones named in the task, so a scan that silently finds nothing cannot pass.
    for (const name of ['DATABASE_URL', 'SITE_URL', 'PORT', 'SMTP_URL', 'AUTH_SECRET', 'OIDC_ISSUER', 'LOG_LEVEL']) {
      expect(read.has(name), name).toBe(true);
    }
    const missing = [...read]
      .filter(([name]) => !documented.has(name))
      .map(([name, file]) => `${name} (read in ${file})`);
    expect(missing, 'add these to .env.example with their default and meaning').toEqual([]);
  });

  it('documents only settings something reads', () => {
    const read = new Set(sourceFiles(root).flatMap((file) => settingsReadBy(readFileSync(file, 'utf8'))));
    expect([...documented].filter((name) => !read.has(name!))).toEqual([]);
  });
});
