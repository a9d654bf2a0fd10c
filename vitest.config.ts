import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': import.meta.dirname,
      // The marker package throws outside a React Server Components bundler; tests are server code.
      'server-only': `${import.meta.dirname}/tests/server-only-stub.ts`,
    },
  },
  test: {
    environment: 'node',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**'],
    env: { VITEST: '1' },
  },
});
