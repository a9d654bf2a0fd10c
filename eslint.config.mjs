import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// The layers point one way: app → components → lib → db (ARCHITECTURE.md). Type-only imports are
// free (they leave nothing behind at run time); values must come from a lower layer.
const restrict = (files, patterns) => ({
  files,
  // Tests may reach across layers for fixtures.
  ignores: ['**/*.test.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: patterns.map((p) => ({ allowTypeImports: true, ...p })) },
    ],
  },
});
const upward = (layer) => ({
  group: ['@/app/**', '@/components/**'],
  message: `${layer} must not import routes or UI.`,
});

// Pure rules: no database, no request, no framework, no clock of their own — unit-tested as plain functions.
const policies = ['lib/policies/**/*.ts', 'lib/editor/editor-state.ts', 'lib/editor/local-draft.ts'];
const io = {
  group: ['@/db/**', '@/lib/server/**', '@/lib/services/**', 'next/*', 'node:*', 'server-only'],
  message: 'Policies are pure: pass what they need in as arguments.',
};

// Storage imports no values from lib/ (types are free): lib/ decides — renders, picks slugs and
// handles, does the window arithmetic — and passes the result or a pure rule down (ARCHITECTURE.md).
// One file is let through, with exactly what it may use and why; do not add another.
const storageExceptions = {
  // The connection opens on first use from any entry point (server, CLI, scripts, tests), at the path
  // of the validated environment, which holds DATABASE_URL's default and check for everyone.
  'db/client.ts': ['server/env'],
};
const storageOnly = (allowed) => ({
  regex: allowed.length ? `^@/lib/(?!(${allowed.join('|')})$)` : '^@/lib/',
  message: 'db/ is storage only: rules and rendering belong in lib/, which calls db/, not the other way.',
});

// lib/ runs no database statements of its own: it calls storage functions in db/queries/.
const statements = {
  group: ['@/db/client', 'drizzle-orm', 'drizzle-orm/*'],
  message:
    'lib/ runs no database statements: call a storage function in db/queries/ (a transaction is one storage function).',
};
const statementDebts = [
  // Reads only which file the connection has open, to start search workers on the same database.
  'lib/server/search-workers.ts',
];

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  restrict(['lib/**/*.{ts,tsx,mjs}'], [upward('lib/'), statements]),
  restrict(statementDebts, [upward('lib/')]),
  restrict(['db/**/*.{ts,mjs}'], [upward('db/'), storageOnly([])]),
  ...Object.entries(storageExceptions).map(([file, allowed]) =>
    restrict([file], [upward('db/'), storageOnly(allowed)]),
  ),
  restrict(
    ['components/**/*.{ts,tsx}'],
    [
      {
        regex: '^@/app/(?!(.+/)?actions$)',
        message: 'Components may use server actions from app/, nothing else there: routes render components.',
      },
      {
        group: ['@/db/**'],
        message: 'Components get data from pages (or lib/services/reads.ts), not from the database.',
      },
    ],
  ),
  restrict(policies, [io, upward('A policy')]),
  {
    // Storage is asynchronous (db/client.ts): a call left without await would run after the answer,
    // or not in order. These rules read the types, so they run on TypeScript files only.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // A promise returned from inside try without await escapes its catch.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'db/migrations/**',
      'db/migrations-pg/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
];

export default config;
