// A search worker (lib/server/search-workers.ts starts them): runs searches on a read-only connection of its
// own, so a search's ~3 ms of SQLite work leaves the server's thread free for other requests.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { searchOn } from './queries/search-core.mjs';

const sqlite = new Database(workerData.path, { readonly: true, fileMustExist: true });
// A restore or a long write holds the database briefly; wait as the server's connection does.
sqlite.pragma('busy_timeout = 5000');

parentPort.on('message', ({ id, input }) => {
  try {
    parentPort.postMessage({ id, result: searchOn(sqlite, input) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
