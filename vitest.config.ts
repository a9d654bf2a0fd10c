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
 * server): the tests that reach the database run again on PostgreSQL, each test on a database of its
 * own. Tests of SQLite's own machinery (files, the write lock, backups, query plans) stay SQLite-only.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;
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
      include: ['db/**/*.test.ts', 'lib/**/*.test.ts', 'app/**/*.test.ts', '*.test.ts'],
      exclude: [...exclude, ...sqliteOnly],
      env: { VITEST: '1', DATABASE_URL: postgresUrl },
      setupFiles: ['db/test-postgres-setup.ts'],
    },
  });
}

export default defineConfig({ test: { projects } });
