import './load-env';
import { migrateDatabase } from '@/db/migrate';
import { databasePath } from '@/lib/server/env';

await migrateDatabase();
console.log(`Migrated ${databasePath()}.`);
