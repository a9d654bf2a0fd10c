import { openDatabase, setDb, type QuireDatabase } from './client';
import { migrateDatabase } from './migrate';

/** A fresh, migrated in-memory database that every query in this process will use. */
export function useTestDatabase(): QuireDatabase {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  setDb(db);
  return db;
}
