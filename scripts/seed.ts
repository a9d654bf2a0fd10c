import './load-env';
import { migrateDatabase } from '@/db/migrate';
import { describeSeed, seedDemo } from '@/lib/services/demo/seed';
import { notifyServer } from '@/lib/server/notify-server';

await migrateDatabase();
const result = await seedDemo();
if (!result.seeded) {
  console.log(`Nothing to do: ${result.reason}. The demo is only added to an empty database.`);
} else {
  console.log(describeSeed(result));
  await notifyServer();
}
