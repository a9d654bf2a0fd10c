import { afterAll } from 'vitest';
import { closeDatabase } from './client';
import { dropTestDatabases } from './test-database';

// Each test file's databases are dropped when it ends (the PostgreSQL pass of the unit tests).
afterAll(async () => {
  await closeDatabase();
  await dropTestDatabases();
});
