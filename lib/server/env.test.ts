import { describe, expect, it } from 'vitest';
import { absoluteUrl, databaseLabel, databasePath, defaultSiteUrl, parseEnv } from './env';

describe('SITE_URL', () => {
  it('follows PORT when it is not set, so links point where the server listens', () => {
    expect(parseEnv({ PORT: '4000' }).SITE_URL).toBe('http://localhost:4000');
    expect(defaultSiteUrl('4000')).toBe('http://localhost:4000');
  });

  it('is http://localhost:3000 with neither set, as next start is', () => {
    expect(parseEnv({}).SITE_URL).toBe('http://localhost:3000');
    expect(parseEnv({ PORT: '' }).SITE_URL).toBe('http://localhost:3000');
  });

  it('wins over PORT when set (a proxy in front), without a trailing slash', () => {
    expect(parseEnv({ PORT: '4000', SITE_URL: 'https://blog.example.com/' }).SITE_URL).toBe('https://blog.example.com');
  });

  it('refuses a PORT or SITE_URL that is not one, with a sentence naming it', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT: PORT must be a port number/);
    expect(() => parseEnv({ SITE_URL: 'blog.example.com' })).toThrow(/SITE_URL: SITE_URL must be an absolute URL/);
  });
});

describe('absoluteUrl', () => {
  it('uses the server’s own port when only PORT is set', () => {
    const previous = { PORT: process.env.PORT, SITE_URL: process.env.SITE_URL };
    process.env.PORT = '4123';
    delete process.env.SITE_URL;
    try {
      expect(absoluteUrl('/feed.xml')).toBe('http://localhost:4123/feed.xml');
    } finally {
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('DATABASE_URL', () => {
  it('takes a SQLite file or a PostgreSQL address, and shows the latter without its password', () => {
    expect(databasePath(parseEnv({ DATABASE_URL: 'file:./data/blog.db' }))).toBe('./data/blog.db');
    const postgres = parseEnv({ DATABASE_URL: 'postgres://quire:s3cret@db.internal:5432/quire' });
    expect(databaseLabel(postgres)).toBe('postgres://quire@db.internal:5432/quire');
    expect(parseEnv({ DATABASE_URL: 'postgresql://db/quire' }).DATABASE_URL).toBe('postgresql://db/quire');
  });

  it('refuses other addresses, a PostgreSQL address without a database, and SQLite options on PostgreSQL', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://db/quire' })).toThrow(/must look like file:/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://db.internal:5432' })).toThrow(/names no database/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://db/quire?journal_mode=wal' })).toThrow(
      /SQLite options \(journal_mode\)/,
    );
  });

  it('takes PG_POOL_SIZE as a whole number of connections, 10 when unset, and refuses anything else', () => {
    expect(parseEnv({}).PG_POOL_SIZE).toBe(10);
    expect(parseEnv({ PG_POOL_SIZE: '25' }).PG_POOL_SIZE).toBe(25);
    for (const bad of ['0', '-3', 'ten', '2.5', '100000']) {
      expect(() => parseEnv({ PG_POOL_SIZE: bad }), bad).toThrow(/PG_POOL_SIZE must be a whole number/);
    }
  });

  it('shares about 20 connections among a server’s processes when PG_POOL_SIZE is unset, at least 4 each', () => {
    expect(parseEnv({ QUIRE_PROCESSES: '2' }).PG_POOL_SIZE).toBe(10);
    expect(parseEnv({ QUIRE_PROCESSES: '4' }).PG_POOL_SIZE).toBe(5);
    expect(parseEnv({ QUIRE_PROCESSES: '8' }).PG_POOL_SIZE).toBe(4);
    expect(parseEnv({ QUIRE_PROCESSES: '32' }).PG_POOL_SIZE).toBe(4);
    // A setting is taken as it is, whatever the processes.
    expect(parseEnv({ QUIRE_PROCESSES: '8', PG_POOL_SIZE: '10' }).PG_POOL_SIZE).toBe(10);
  });
});
