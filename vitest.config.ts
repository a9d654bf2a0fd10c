import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const shared = {
  resolve: {
    alias: {
      '@': import.meta.dirname,
      // The marker package throws outside a React Server Components bundler; tests are server code.
      'server-only': `${import.meta.dirname}/tests/server-only-stub.ts`,
    },
  },
};

const exclude = ['node_modules/**', '.next/**', 'e2e/**'];

/**
 * The PostgreSQL pass (TEST_POSTGRES_URL, set by `npm test` when it found or started a PostgreSQL
 * server): the test files that reach the database (they make one with db/test-database.ts) run
 * again on PostgreSQL, on databases of their own. Tests of SQLite's own machinery (files, the write
 * lock, backups, query plans) stay SQLite-only.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;

function databaseTestFiles(folder = import.meta.dirname): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      return ['node_modules', '.next', '.git', 'e2e'].includes(entry.name) ? [] : databaseTestFiles(path);
    }
    const reaches = entry.name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes('useTestDatabase');
    return reaches ? [relative(import.meta.dirname, path)] : [];
  });
}
const sqliteOnly = [
  'db/client.test.ts',
  'db/schema-parity.test.ts',
  'db/queries/query-plans.test.ts',
  'db/queries/auth-adapter.test.ts',
  'lib/server/search-workers.test.ts',
  'lib/services/backup.test.ts',
];

const projects: TestProjectInlineConfiguration[] = [
  {
    ...shared,
    test: { name: 'sqlite', environment: 'node', include: ['**/*.test.ts'], exclude, env: { VITEST: '1' } },
  },
];
if (postgresUrl) {
  projects.push({
    ...shared,
    test: {
      name: 'postgres',
      environment: 'node',
      include: databaseTestFiles(),
      exclude: [...exclude, ...sqliteOnly],
      env: { VITEST: '1', DATABASE_URL: postgresUrl },
      setupFiles: ['db/test-postgres-setup.ts'],
    },
  });
}

export default defineConfig({ test: { projects } });
