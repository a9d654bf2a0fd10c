import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, setDb, connectPostgres, type QuireDatabase } from './client';
import { onPostgres } from './dialect';
import { migrateDatabase } from './migrate';

/**
 * A fresh, migrated database that every query in this process will use: in memory on SQLite; on
 * PostgreSQL (the PostgreSQL pass of the tests), a new database of its own on the server that
 * DATABASE_URL names, dropped when the test process ends.
 */
export async function useTestDatabase(): Promise<QuireDatabase> {
  if (onPostgres) return freshPostgresDatabase();
  const db = openDatabase(':memory:');
  await migrateDatabase(db);
  setDb(db);
  return db;
}

/** Databases this process made, dropped at its end. */
const made: string[] = [];
let templateReady: Promise<string> | undefined;

async function freshPostgresDatabase(): Promise<QuireDatabase> {
  const server = new URL(process.env.DATABASE_URL!);
  // Migrated once per test process, then copied: CREATE DATABASE … TEMPLATE takes a few
  // milliseconds where migrating takes a few hundred.
  templateReady ??= migratedTemplate(server);
  const template = await templateReady;
  const name = `quire_test_${randomBytes(6).toString('hex')}`;
  await onServer(server, `create database ${name} template ${template}`);
  made.push(name);
  // Idle connections close soon: a test file makes many databases, and the server allows 100 connections.
  return connectPostgres(databaseUrl(server, name), { idleTimeoutMillis: 200 });
}

async function migratedTemplate(server: URL): Promise<string> {
  const name = `quire_test_${randomBytes(6).toString('hex')}`;
  await onServer(server, `create database ${name}`);
  made.push(name);
  const db = connectPostgres(databaseUrl(server, name));
  await migrateDatabase(db);
  await (db.$client as unknown as pg.Pool).end();
  return name;
}

function databaseUrl(server: URL, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(server: URL, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Drops this process's test databases (vitest's teardown for the PostgreSQL pass). */
export async function dropTestDatabases(): Promise<void> {
  if (!onPostgres) return;
  const server = new URL(process.env.DATABASE_URL!);
  for (const name of made.splice(0).reverse()) await onServer(server, `drop database if exists ${name} with (force)`);
}
