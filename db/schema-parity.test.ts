import { getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from './schema';
import * as pgSchema from './schema-pg';

// The queries are written once against both schemas, so the two must describe the same database:
// same tables, columns, keys and indexes, and the same TypeScript row types. A column added to one
// file only fails here (and in the type check below) before any database is opened.

// What each SQLite column kind becomes in PostgreSQL (db/schema-pg.ts says why).
const pgKindOf: Record<string, string> = {
  SQLiteText: 'PgText',
  SQLiteInteger: 'PgInteger',
  SQLiteTimestamp: 'PgTimestamp',
  SQLiteBoolean: 'PgBoolean',
  SQLiteTextJson: 'PgJsonb',
};

type Described = {
  columns: Record<string, { kind: string; notNull: boolean; hasDefault: boolean; primary: boolean; enum?: string[] }>;
  primaryKeys: string[][];
  indexes: Record<string, { unique: boolean; columns: string[] }>;
  foreignKeys: string[];
  uniqueConstraints: string[][];
};

function describeTable(
  config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>,
  kind: (k: string) => string,
) {
  const described: Described = { columns: {}, primaryKeys: [], indexes: {}, foreignKeys: [], uniqueConstraints: [] };
  for (const column of config.columns) {
    // SQLite gives every integer primary key a default (it is the rowid); only autoincrement ones are
    // meant to be generated, and those are identity columns in PostgreSQL.
    const rowidDefault =
      column.columnType === 'SQLiteInteger' && column.primary && !(column as { autoIncrement?: boolean }).autoIncrement;
    described.columns[column.name] = {
      kind: kind(column.columnType),
      notNull: column.notNull,
      hasDefault: column.hasDefault && !rowidDefault,
      primary: column.primary,
      ...(column.enumValues ? { enum: [...column.enumValues] } : {}),
    };
  }
  described.primaryKeys = config.primaryKeys.map((key) => key.columns.map((column) => column.name));
  for (const index of config.indexes) {
    const { name, unique, columns } = index.config;
    described.indexes[name!] = {
      unique,
      columns: columns.map((column) => ('name' in column ? (column.name ?? '<unnamed>') : '<expression>')),
    };
  }
  described.foreignKeys = config.foreignKeys
    .map((key) => {
      const reference = key.reference();
      return `${reference.columns.map((c) => c.name).join(',')} -> ${getTableName(reference.foreignTable)}(${reference.foreignColumns.map((c) => c.name).join(',')}) on delete ${key.onDelete ?? 'no action'}`;
    })
    .sort();
  described.uniqueConstraints = config.uniqueConstraints.map((unique) => unique.columns.map((column) => column.name));
  return described;
}

const tablesOf = (schema: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(schema)
      .filter(([, value]) => is(value, Table))
      .map(([exportName, table]) => [exportName, table as Table]),
  );

const sqliteTables = tablesOf(sqliteSchema);
const pgTables = tablesOf(pgSchema);

describe('the PostgreSQL schema mirrors the SQLite schema', () => {
  it('exports the same tables under the same names', () => {
    expect(Object.keys(sqliteTables).length).toBeGreaterThan(20);
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    for (const [exportName, table] of Object.entries(sqliteTables)) {
      expect(getTableName(pgTables[exportName]!), exportName).toBe(getTableName(table));
    }
  });

  it.each(Object.keys(sqliteTables))('%s: same columns, keys and indexes', (exportName) => {
    const sqliteTable = sqliteTables[exportName]!;
    const pgTable = pgTables[exportName]!;
    expect(is(sqliteTable, SQLiteTable) && is(pgTable, PgTable)).toBe(true);
    const fromSqlite = describeTable(
      sqliteConfig(sqliteTable as SQLiteTable),
      (kind) => pgKindOf[kind] ?? `unmapped ${kind}`,
    );
    const fromPg = describeTable(pgConfig(pgTable as PgTable), (kind) => kind);
    expect(fromPg).toEqual(fromSqlite);
  });

  it('uses the same property names for the same columns', () => {
    for (const [exportName, table] of Object.entries(sqliteTables)) {
      const columnsBy = (t: Table) =>
        Object.entries(t as unknown as Record<string, { name?: string }>)
          .filter(([, column]) => column && typeof column === 'object' && 'columnType' in column)
          .map(([property, column]) => `${property}=${column.name}`)
          .sort();
      expect(columnsBy(pgTables[exportName]!), exportName).toEqual(columnsBy(table));
    }
  });
});

// Compile-time half of the check (npm run typecheck): rows read and written have the same types on both.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Select<T> = T extends { $inferSelect: infer Row } ? Row : never;
type Insert<T> = T extends { $inferInsert: infer Row } ? Row : never;
type Tables = {
  [K in keyof typeof pgSchema as (typeof pgSchema)[K] extends Table ? K : never]: K extends keyof typeof sqliteSchema
    ? [
        Same<Select<(typeof pgSchema)[K]>, Select<(typeof sqliteSchema)[K]>>,
        Same<Insert<(typeof pgSchema)[K]>, Insert<(typeof sqliteSchema)[K]>>,
      ]
    : [false, false];
};
// post_emails.post_id is optional to insert in SQLite only (the rowid quirk above); every insert gives it.
type KnownInsertDifference = 'postEmails';
type Mismatched = {
  [K in keyof Tables]: Tables[K] extends [true, true] ? never : K extends KnownInsertDifference ? never : K;
}[keyof Tables];
// Names the tables whose row types differ, as a type error on this line.
const rowTypesMatch: [Mismatched] extends [never] ? true : Mismatched = true;
void rowTypesMatch;
