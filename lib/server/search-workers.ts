import 'server-only';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { getDb } from '@/db/client';
import { onPostgres } from '@/db/dialect';
import { searchPosts, withDates, type SearchInput, type SearchResult } from '@/db/queries/search';
import type { StoredSearchResult } from '@/db/queries/search-core.mjs';
import { logger } from '@/lib/server/logger';

// better-sqlite3 is synchronous: a search's ~3 ms of ranking on the server's thread is 3 ms in which
// no other request moves, which held unique searches near 90 req/s. Searches run instead on worker
// threads, one per core, each with a read-only connection of its own (WAL: they read while the server
// writes, and see every committed write). The server's thread only sends the query and gets the rows.
// PostgreSQL needs none of this: matching and ranking run in the database server while the event loop
// goes on; only the snippets of the page's hits are cut on this thread (search-postgres.ts).

type Pending = { resolve: (result: StoredSearchResult) => void; reject: (error: Error) => void };
type SearchWorker = { worker: Worker; pending: Map<number, Pending> };
type Pool = { path: string; size: number; workers: SearchWorker[] };
type Reply = { id: number; result?: StoredSearchResult; error?: string };

let pool: Pool | null = null;
let lastId = 0;
let answeredByWorkers = 0;

/** How many searches workers have answered in this process (for tests and checks). */
export const searchesAnsweredByWorkers = () => answeredByWorkers;

/**
 * How many workers: one per core the process may use, shared with the server's other processes
 * (QUIRE_PROCESSES, which scripts/cluster.mjs sets from WEB_CONCURRENCY), at most four.
 */
export function searchWorkerCount(
  cores = availableParallelism(),
  processes = Number(process.env.QUIRE_PROCESSES) || 1,
): number {
  return Math.min(4, Math.max(1, Math.floor(cores / processes)));
}

function startWorker(current: Pool): SearchWorker {
  // The build bundles this file as a worker chunk of its own (Turbopack follows `new Worker`), which is
  // what a production server runs; unbundled (unit tests) it is the file in db/.
  const worker = new Worker(join(process.cwd(), 'db', 'search-worker.mjs'), { workerData: { path: current.path } });
  // A server stopping does not wait for idle search workers.
  worker.unref();
  const entry: SearchWorker = { worker, pending: new Map() };
  worker.on('message', ({ id, result, error }: Reply) => {
    const pending = entry.pending.get(id);
    entry.pending.delete(id);
    if (error !== undefined || !result) pending?.reject(new Error(error ?? 'no result'));
    else pending?.resolve(result);
  });
  const fail = (error: Error) => {
    for (const pending of entry.pending.values()) pending.reject(error);
    entry.pending.clear();
    // The next search starts a new worker in its place.
    current.workers = current.workers.filter((other) => other !== entry);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the search worker stopped (exit code ${code})`)));
  return entry;
}

function workerFor(path: string): SearchWorker {
  if (pool?.path !== path) {
    for (const entry of pool?.workers ?? []) void entry.worker.terminate();
    pool = { path, size: searchWorkerCount(), workers: [] };
  }
  if (pool.workers.length < pool.size) {
    const entry = startWorker(pool);
    pool.workers.push(entry);
    return entry;
  }
  // The least busy worker.
  return pool.workers.reduce((best, entry) => (entry.pending.size < best.pending.size ? entry : best));
}

/**
 * searchPosts on a search worker. An in-memory database (tests) is searched on the server's own
 * connection, and so is any search a worker fails: a worker problem never costs the reader an answer.
 * On PostgreSQL there are no workers: the search runs on the server's pool.
 */
export async function searchInWorker(input: SearchInput): Promise<SearchResult> {
  if (onPostgres) return searchPosts(input);
  const sqlite = getDb().$client;
  if (sqlite.memory) return searchPosts(input);
  try {
    const entry = workerFor(sqlite.name);
    const id = ++lastId;
    const result = await new Promise<StoredSearchResult>((resolve, reject) => {
      entry.pending.set(id, { resolve, reject });
      entry.worker.postMessage({ id, input });
    });
    answeredByWorkers++;
    return withDates(result);
  } catch (error) {
    logger.warn({ err: error }, 'A search worker failed; the search ran on the server thread.');
    return searchPosts(input);
  }
}
