import './load-env';
import { migrateDatabase } from '@/db/migrate';
import { databasePath } from '@/lib/server/env';

migrateDatabase();
console.log(`Migrated ${databasePath()}.`);
