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
async function maintain(open: Pick<Connections, 'writer' | 'queue'>): Promise<void> {
  await refreshStatistics(open);
  await mergeSearchIndex(open);
}

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
export function refreshStatistics(open: Pick<Connections, 'writer' | 'queue'>): Promise<void> {
  const done = open.queue.then(() => {
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
export async function mergeSearchIndex(open: Pick<Connections, 'writer' | 'queue'>): Promise<void> {
  for (;;) {
    const step = open.queue.then(() => mergeStep(open.writer.$client));
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
  open.writer.$client.close();
  if (open.reader !== open.writer) open.reader.$client.close();
}

/** Lets tests and scripts point every query at a database of their own (one connection for both). */
export function setDb(db: QuireDatabase): void {
  globalForDb.quireDb = { reader: db, writer: db, queue: Promise.resolve() };
}

/**
 * Every change to the database: `work` runs in one transaction on the writer connection, which
 * takes SQLite's write lock when it begins (BEGIN IMMEDIATE: a deferred one that read before it wrote
 * failed with SQLITE_BUSY when another process had written meanwhile), and commits when `work`
 * resolves or rolls back when it throws. Writes of this process take turns. A `write` inside
 * another joins it. `work` does database work only: the lock is held while it runs.
 */
export function write<T>(work: (db: QuireDatabase) => T | Promise<T>): Promise<T> {
  const inside = currentWrite();
  if (inside) return Promise.resolve().then(() => work(inside));
  const open = connections();
  if (open.pool) return postgresTransaction(open.writer, work);
  const result = open.queue.then(() => transaction(open.writer, work));
  open.queue = result.catch(() => {});
  return result;
}

/** The writer never waits for another process's lock blocking (see openConnections): `begin` waits instead. */
const WRITER_BUSY_MS = 0;
/** How long `write` waits in all for another process's write lock before it gives up. */
const WRITE_WAIT_MS = 5_000;

/** BEGIN IMMEDIATE, waiting (without blocking) while another process holds the write lock. */
async function begin(db: QuireDatabase): Promise<void> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      db.$client.prepare('BEGIN IMMEDIATE').run();
      return;
    } catch (error) {
      const busy = (error as { code?: string }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() - started > WRITE_WAIT_MS) throw error;
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

async function transaction<T>(db: QuireDatabase, work: (db: QuireDatabase) => T | Promise<T>): Promise<T> {
  const running: RunningWrite = { db, open: true };
  await begin(db);
  try {
    // Awaited inside the store, so a query builder `work` returns runs as part of it too.
    const result = await runningWrite.run(running, async () => work(db));
    db.$client.prepare('COMMIT').run();
    return result;
  } catch (error) {
    if (db.$client.inTransaction) db.$client.prepare('ROLLBACK').run();
    throw error;
  } finally {
    // Callbacks it left behind (timers, work after the response) no longer count as inside it.
    running.open = false;
  }
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
