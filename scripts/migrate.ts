import './load-env';
import { getDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { databasePath } from '@/lib/server/env';

migrateDatabase(getDb());
console.log(`Migrated ${databasePath()}.`);
