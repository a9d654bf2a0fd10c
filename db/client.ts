import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { databasePath, getEnv } from '@/lib/server/env';
import { onPostgres } from './dialect';
import { tables as schema } from './tables';

/**
 * A database connection as queries see it. Typed as SQLite's drizzle database; on PostgreSQL it is
 * node-postgres's, whose builders the queries use the same way (awaited, `returning()`; see
 * ARCHITECTURE.md). `$client` is the driver's own object: better-sqlite3's database, or pg's pool.
 */
export type QuireDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

function configure(sqlite: Database.Database): QuireDatabase {
  // busy_timeout makes a writer wait for another process's write lock (the CLI, a backup, another
  // server process) instead of failing with SQLITE_BUSY.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return drizzle(sqlite, { schema }) as QuireDatabase;
}

/** A read-write connection (the writer of a process, a script's, a test's). */
export function openDatabase(path: string): QuireDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets readers go on while a comment is written.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // Gathers planner statistics where they are missing or stale, as SQLite advises for long-lived connections.
  sqlite.pragma('optimize = 0x10002');
  return configure(sqlite);
}

/**
 * A process's connections: reads on one that SQLite itself keeps from writing, writes on another,
 * one transaction at a time (`write`). So a read never sees a transaction's work before it commits,
 * and a statement that writes outside `write` fails at once instead of joining someone else's
 * transaction. An in-memory database (tests) is one connection for both.
 */
type Connections = {
  reader: QuireDatabase;
  writer: QuireDatabase;
  queue: Promise<unknown>;
  /** The writer's open transaction, shared by the writes that followed each other (see `write`). */
  batch?: Batch;
  /** When another process last held the write lock as this one asked for it (see SHARED_MS). */
  sharedAt?: number;
  pool?: pg.Pool;
  /** The hourly refresh of the planner's statistics (refreshStatistics). */
  statistics?: NodeJS.Timeout;
};

function openConnections(path: string): Connections {
  const writer = openDatabase(path);
  // SQLite's busy wait stops the whole process (it sleeps on the calling thread): the writer waits
  // for another process's lock in `write` instead, between turns of the event loop.
  writer.$client.pragma(`busy_timeout = ${WRITER_BUSY_MS}`);
  const reader = path === ':memory:' ? writer : configure(new Database(path, { readonly: true }));
  const open: Connections = { reader, writer, queue: Promise.resolve() };
  open.statistics = setInterval(() => void maintain(open), STATISTICS_EVERY_MS).unref();
  if (path !== ':memory:') void mergeSearchIndex(open);
  return open;
}

/** The hourly upkeep of a server's database: the planner's statistics, then the search index. */
async function maintain(open: Upkeep): Promise<void> {
  await refreshStatistics(open);
  await mergeSearchIndex(open);
}

/** What the upkeep of the writer needs: it runs in the writes' turn, after the open transaction commits. */
type Upkeep = Pick<Connections, 'writer' | 'queue' | 'batch'>;

/** How often a server's writer refreshes the query planner's statistics (SQLite advises hourly). */
const STATISTICS_EVERY_MS = 60 * 60 * 1000;

/**
 * `PRAGMA optimize` in the writes' turn, over every table (0x10000: this connection writes, the
 * reader reads): SQLite analyses again the tables whose size changed a lot since their statistics
 * were taken (a site's sessions and comments grow from none), and the other connections plan with
 * the new ones. Taken once when the connection opens, they would stay those
 * of a nearly empty site for as long as the server runs. Skipped when another process holds the
 * write lock: the next hour tries again.
 */
export function refreshStatistics(open: Upkeep): Promise<void> {
  const done = open.queue.then(() => {
    commitBatch(open);
    try {
      open.writer.$client.pragma('optimize = 0x10002');
    } catch {
      // SQLITE_BUSY: another process is writing.
    }
  });
  open.queue = done;
  return done;
}

/** Pages of the search index one merge step writes (FTS5's 'merge' command). */
const MERGE_STEP_PAGES = 64;

/**
 * Folds the search index's b-trees into one, a step at a time in the writes' turn (other writes go
 * between steps), when the server's connections open and every hour after. FTS5 writes a small
 * b-tree for each post saved and merges them level by level, so the index of a blog written over
 * time is several b-trees, and finding one post's words in it (each search's snippets) seeks in
 * every one: ten snippets took 1.2 ms with the 7 b-trees of the bench's 10,000 posts, 0.4 ms with
 * one. Merging them changes no search's results. On that index the first step took ~50 ms and
 * the whole merge ~150 ms; once merged, a step finds nothing to do. Skipped while another process
 * holds the write lock (the next hour tries again), and where there is no search index yet.
 */
export async function mergeSearchIndex(open: Upkeep): Promise<void> {
  for (;;) {
    const step = open.queue.then(() => {
      commitBatch(open);
      return mergeStep(open.writer.$client);
    });
    open.queue = step;
    if (!(await step)) return;
  }
}

/** One step of FTS5's merge; whether it changed anything (FTS5 says so only by the change count). */
function mergeStep(sqlite: Database.Database): boolean {
  try {
    const changes = () => sqlite.prepare('select total_changes()').pluck().get() as number;
    const before = changes();
    // A negative page count merges b-trees of every level, as FTS5's 'optimize' does in one go.
    sqlite.prepare(`insert into posts_fts(posts_fts, rank) values ('merge', ?)`).run(-MERGE_STEP_PAGES);
    return changes() - before >= 2;
  } catch {
    // SQLITE_BUSY (another process is writing), a database before its migrations, or one closed meanwhile.
    return false;
  }
}

const globalForDb = globalThis as unknown as { quireDb?: Connections };

/**
 * The process's connections, opened on first use (not at import) so `next build` never creates a
 * database file. Kept on globalThis so hot reload in development reuses the handles.
 */
function connections(): Connections {
  globalForDb.quireDb ??= onPostgres ? openPool(databaseUrl()) : openConnections(databasePath());
  return globalForDb.quireDb;
}

const databaseUrl = () => process.env.DATABASE_URL ?? '';

/**
 * PostgreSQL: one pool for reads and writes. It needs no queue of its own: PostgreSQL runs
 * transactions side by side, and the read-then-write steps that relied on SQLite's single writer
 * take a lock of their own (`lockFor`).
 */
function openPool(url: string, options: pg.PoolConfig = {}): Connections {
  const pool = new pg.Pool({
    connectionString: url,
    // PG_POOL_SIZE: the most statements this process runs at once.
    max: getEnv().PG_POOL_SIZE,
    connectionTimeoutMillis: 10_000,
    Client: TextSafeClient,
    ...options,
  });
  // An idle client whose connection drops (a restarted database) is replaced; without a listener
  // its error would end the process.
  pool.on('error', () => {});
  const db = drizzlePostgres(pool, { schema }) as unknown as QuireDatabase;
  return { reader: db, writer: db, queue: Promise.resolve(), pool };
}

/**
 * PostgreSQL's text cannot hold U+0000, which SQLite stores: a NUL typed into a form or an address
 * (`/%00`) would make the statement fail. It never means anything in Quire's text, so every
 * parameter has it replaced with U+FFFD (the replacement character): a lookup finds nothing, as on
 * SQLite, and a write keeps the text around it.
 */
class TextSafeClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [first, second] = args;
    if (Array.isArray(second)) args[1] = second.map(withoutNul);
    else if (first && typeof first === 'object' && Array.isArray((first as pg.QueryConfig).values)) {
      args[0] = { ...first, values: (first as pg.QueryConfig).values!.map(withoutNul) };
    }
    return (super.query as (...input: unknown[]) => never)(...args);
  }
}

const withoutNul = (value: unknown) =>
  typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value;

/** Opens a pool on another PostgreSQL database and makes every query of this process use it (tests, copy-data). */
export function connectPostgres(url: string, options?: pg.PoolConfig): QuireDatabase {
  globalForDb.quireDb = openPool(url, options);
  return globalForDb.quireDb.writer;
}

/** The write running in this async context, while it runs. */
type RunningWrite = { db: QuireDatabase; open: boolean };
const runningWrite = new AsyncLocalStorage<RunningWrite>();
const currentWrite = () => {
  const running = runningWrite.getStore();
  return running?.open ? running.db : undefined;
};

/** Where reads go: inside a `write`, its transaction (which sees its own changes); otherwise the reader. */
export function getDb(): QuireDatabase {
  return currentWrite() ?? connections().reader;
}

/** The read-write connection, for what runs before any request: migrations. */
export function getWriter(): QuireDatabase {
  return connections().writer;
}

/** Points every query of this process at the database file at `path` (its reader and its writer). */
export function useDatabaseFile(path: string): QuireDatabase {
  const open = openConnections(path);
  globalForDb.quireDb = open;
  return open.writer;
}

/** Closes the process's connections (a script's or a test's end). */
export async function closeDatabase(): Promise<void> {
  const open = globalForDb.quireDb;
  globalForDb.quireDb = undefined;
  if (!open) return;
  if (open.pool) return open.pool.end();
  clearInterval(open.statistics);
  // A write still running is not done: its transaction is rolled back, as closing it always did.
  if (open.batch?.busy) failBatch(open, new Error('The database was closed before this write ended.'));
  else commitBatch(open);
  open.writer.$client.close();
  if (open.reader !== open.writer) open.reader.$client.close();
}

/** Lets tests and scripts point every query at a database of their own (one connection for both). */
export function setDb(db: QuireDatabase): void {
  globalForDb.quireDb = { reader: db, writer: db, queue: Promise.resolve() };
}

/**
 * Every change to the database: `work` runs on the writer connection, all of it or none: its
 * changes are kept when it resolves and undone when it throws. Writes of this process take turns,
 * and the promise resolves once its work is committed. A `write` inside another joins it. `work`
 * does database work only: the lock is held while it runs.
 *
 * On SQLite, writes that follow each other share a transaction (group commit): the first takes the
 * write lock (BEGIN IMMEDIATE: a deferred one that read before it wrote failed with SQLITE_BUSY
 * when another process had written meanwhile), each runs in a savepoint of its own (a write that
 * throws undoes only its own work), and the transaction commits at the end of the turn of the event
 * loop, or after BATCH_WRITES writes or BATCH_MS, or at once while another process writes too
 * (SHARED_MS). Nobody outside sees a write before it commits, and
 * its caller hears of it only then. Under a burst of comments, one COMMIT for the turn's comments
 * instead of one each: each commit wrote the changed pages again and made the reader connection
 * drop its page cache. A COMMIT that fails (a full disk) fails every write of its transaction.
 * So `work` must never wait for another write's promise begun before it (that
 * write is answered only once this one is done): a write that needs another's work runs inside it.
 */
export function write<T>(work: (db: QuireDatabase) => T | Promise<T>): Promise<T> {
  const inside = currentWrite();
  if (inside) return Promise.resolve().then(() => work(inside));
  const open = connections();
  if (open.pool) return postgresTransaction(open.writer, work);
  const done = open.queue.then(() => inBatch(open, work));
  open.queue = done.catch(() => {});
  return done.then((committed) => committed());
}

/** The most writes one transaction carries, and the longest it stays open for more. */
const BATCH_WRITES = 64;
const BATCH_MS = 20;
/**
 * While another process writes to the database too (a second server process, the CLI), each write
 * commits at once for this long after it last had to wait for the lock: a transaction kept open to
 * the end of a turn held the lock through the turn's other work, and the other process's waits for
 * it took comment POSTs with two processes from a p99 of ~150 ms to ~480 ms.
 */
const SHARED_MS = 1_000;

type Batch = {
  writes: number;
  startedAt: number;
  /** A write's work is running in it: it cannot commit now. */
  busy: boolean;
  /** Its commit is planned for the end of this turn of the event loop. */
  planned: boolean;
  committed: Promise<void>;
  end: (error?: unknown) => void;
};

/**
 * The writer's transaction for this write: the open one, or a new one. An open one that something
 * outside `write` ended (its writes can no longer commit) is failed and replaced.
 */
async function batchFor(open: Connections): Promise<Batch> {
  if (open.batch && !open.writer.$client.inTransaction) {
    failBatch(open, new Error('The transaction ended before it was committed.'));
  }
  if (open.batch) return open.batch;
  await begin(open.writer, () => (open.sharedAt = Date.now()));
  let end!: Batch['end'];
  const committed = new Promise<void>((resolve, reject) => {
    end = (error) => (error === undefined ? resolve() : reject(error));
  });
  // A failed commit is each write's to hear about (see inBatch), not an unhandled rejection.
  committed.catch(() => {});
  open.batch = { writes: 0, startedAt: Date.now(), busy: false, planned: false, committed, end };
  return open.batch;
}

/** Commits the writer's open transaction, if any; its writes hear the outcome. */
function commitBatch(open: Pick<Connections, 'writer' | 'batch'>): void {
  const batch = open.batch;
  if (!batch) return;
  try {
    open.writer.$client.prepare('COMMIT').run();
    open.batch = undefined;
    batch.end();
  } catch (error) {
    failBatch(open, error);
  }
}

/** Rolls the writer's open transaction back: none of its writes is kept, and each hears `error`. */
function failBatch(open: Pick<Connections, 'writer' | 'batch'>, error: unknown): void {
  const batch = open.batch;
  open.batch = undefined;
  try {
    if (open.writer.$client.inTransaction) open.writer.$client.prepare('ROLLBACK').run();
  } catch {
    // A closed connection: nothing of the transaction was kept.
  }
  batch?.end(error);
}

/**
 * Runs one write's work in a savepoint of the open transaction; resolves, once the work is done, to
 * what waits for its commit. The next write starts meanwhile.
 */
async function inBatch<T>(open: Connections, work: (db: QuireDatabase) => T | Promise<T>): Promise<() => Promise<T>> {
  const db = open.writer;
  const batch = await batchFor(open);
  batch.writes++;
  batch.busy = true;
  const running: RunningWrite = { db, open: true };
  let outcome: { result: T } | { error: unknown };
  try {
    db.$client.prepare('SAVEPOINT quire_write').run();
    try {
      // Awaited inside the store, so a query builder `work` returns runs as part of it too.
      outcome = { result: await runningWrite.run(running, async () => work(db)) };
      db.$client.prepare('RELEASE quire_write').run();
    } catch (error) {
      outcome = { error };
      if (db.$client.inTransaction) {
        db.$client.prepare('ROLLBACK TO quire_write').run();
        db.$client.prepare('RELEASE quire_write').run();
      }
    }
  } catch (error) {
    // The savepoint itself failed (or its undoing): nothing of this transaction can be trusted.
    outcome = { error };
    failBatch(open, error);
  } finally {
    // Callbacks it left behind (timers, work after the response) no longer count as inside it.
    running.open = false;
    batch.busy = false;
  }
  if (open.batch !== batch) {
    // Failed above, or closed meanwhile: its writes have heard.
  } else if (!db.$client.inTransaction) {
    // SQLite ended the whole transaction (an I/O error, a full disk): the writes before in it are lost too.
    failBatch(open, 'error' in outcome ? outcome.error : new Error('The transaction ended before it was committed.'));
  } else if (
    batch.writes >= BATCH_WRITES ||
    Date.now() - batch.startedAt >= BATCH_MS ||
    Date.now() - (open.sharedAt ?? -Infinity) < SHARED_MS
  ) {
    commitBatch(open);
  } else if (!batch.planned) {
    // The other requests of this turn may write too: they join, and one COMMIT ends the turn.
    batch.planned = true;
    setImmediate(() => {
      batch.planned = false;
      if (open.batch === batch && !batch.busy) commitBatch(open);
    });
  }
  return async () => {
    if ('error' in outcome) throw outcome.error;
    await batch.committed;
    return outcome.result;
  };
}

/** The writer never waits for another process's lock blocking (see openConnections): `begin` waits instead. */
const WRITER_BUSY_MS = 0;
/** How long `write` waits in all for another process's write lock before it gives up. */
const WRITE_WAIT_MS = 5_000;

/**
 * BEGIN IMMEDIATE, waiting (without blocking) while another process holds the write lock; `busy`
 * hears when it had to wait.
 */
async function begin(db: QuireDatabase, busy?: () => void): Promise<void> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      db.$client.prepare('BEGIN IMMEDIATE').run();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() - started > WRITE_WAIT_MS) throw error;
      busy?.();
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 50)));
    }
  }
}

/** Rows a write changed, from what the driver answers (`changes` on SQLite, `rowCount` on PostgreSQL). */
export function changedRows(result: { changes: number } | { rowCount: number | null }): number {
  return 'changes' in result ? result.changes : (result.rowCount ?? 0);
}

/** PostgreSQL's codes for a transaction it ended to let another go on: run it again. */
const RETRYABLE = new Set(['40001', '40P01']);

/** A PostgreSQL transaction on a client of the pool, run again (a few times) when PostgreSQL ended it for a deadlock. */
async function postgresTransaction<T>(db: QuireDatabase, work: (db: QuireDatabase) => T | Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const running: RunningWrite = { db, open: true };
    try {
      return await (db as unknown as PostgresDatabase).transaction(async (tx) => {
        running.db = tx as unknown as QuireDatabase;
        return runningWrite.run(running, async () => work(running.db));
      });
    } catch (error) {
      if (attempt >= 3 || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
    } finally {
      running.open = false;
    }
  }
}

type PostgresDatabase = ReturnType<typeof drizzlePostgres>;

/**
 * Inside a `write`: makes other writes that name the same key wait until this one ends. For a step
 * that reads and then writes what it read (a counter, a check before an insert). SQLite has one
 * writer at a time, so there it is already so; PostgreSQL takes a transaction-scoped advisory lock.
 */
export async function lockFor(db: QuireDatabase, key: string): Promise<void> {
  if (!onPostgres) return;
  await (db as unknown as PostgresDatabase).execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/**
 * Statements prepared once per connection, for queries run on every request: drizzle builds their SQL
 * and SQLite compiles it on first use only (building a query each call cost about 0.1–0.25 ms, more
 * than running it). Returns the statements of the current connection.
 */
export function preparedStatements<T>(build: (db: QuireDatabase) => T): () => T {
  const byConnection = new WeakMap<QuireDatabase, T>();
  return () => {
    const db = getDb();
    let found = byConnection.get(db);
    if (!found) byConnection.set(db, (found = build(db)));
    return found;
  };
}

/**
 * Rows of a hand-written statement, on either database (queries the builders cannot say: full-text
 * search, windowed counts). Columns come back as the database gives them: name them with `as`.
 */
export async function rawRows<T>(db: QuireDatabase, query: SQL): Promise<T[]> {
  if (!onPostgres) return db.all<T>(query);
  const result = await (db as unknown as PostgresDatabase).execute(query);
  // drizzle asks pg for moments and big numbers as text (its columns parse them): parse them here.
  const parsed = result.fields.filter((field) => PARSED_TYPES.has(field.dataTypeID));
  if (parsed.length === 0) return result.rows as T[];
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const field of parsed) {
      const value = row[field.name];
      if (typeof value === 'string') row[field.name] = PARSED_TYPES.get(field.dataTypeID)!(value);
    }
  }
  return result.rows as T[];
}

/** PostgreSQL's type ids (pg_type.oid) that raw rows get as JS values: timestamptz, timestamp, bigint, numeric. */
const PARSED_TYPES = new Map<number, (text: string) => unknown>([
  [1184, (text) => new Date(text)],
  [1114, (text) => new Date(`${text}+0000`)],
  [20, Number],
  [1700, Number],
]);

/** Runs a hand-written statement that returns no rows, on either database; answers the rows it changed. */
export async function rawRun(db: QuireDatabase, query: SQL): Promise<number> {
  if (!onPostgres) return db.run(query).changes;
  return (await (db as unknown as PostgresDatabase).execute(query)).rowCount ?? 0;
}

/** Statements with :named parameters, compiled once per SQLite connection. */
const namedStatements = new WeakMap<object, Map<string, Database.Statement>>();

/**
 * The first row of a hand-written statement with `:named` parameters, on either database (a query
 * the builders cannot say, run on every comment). Written once for both: no `::` casts (use
 * `cast(… as …)`), quoted aliases, a parameter that only meets `is null` cast to its type. On SQLite
 * it is compiled once per connection (recursive ones take longer to compile than to run).
 */
export async function namedRow<T>(text: string, params: Record<string, unknown>): Promise<T | undefined> {
  const db = getDb();
  if (!onPostgres) {
    let statements = namedStatements.get(db.$client);
    if (!statements) namedStatements.set(db.$client, (statements = new Map()));
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = db.$client.prepare(text)));
    return statement.get(params) as T | undefined;
  }
  const parts = text.split(/:([A-Za-z]\w*)/);
  const query = sql.join(
    parts.map((part, index) => (index % 2 === 1 ? sql`${params[part]}` : sql.raw(part))),
    sql.raw(''),
  );
  return (await rawRows<T>(db, query))[0];
}
