import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseProblem } from './problems';

/** The error pg gives when connecting to `url`, or null. */
async function connectionError(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
}

describe('the sentence for a database the server cannot use', () => {
  it('names a refused connection, with the address but never the password', async () => {
    const problem = databaseProblem(await connectionError('postgres://quire:s3cret-word@127.0.0.1:1/quire'));
    expect(problem).toContain('127.0.0.1:1 refused the connection');
    expect(problem).not.toContain('s3cret-word');
  });

  // Needs a PostgreSQL server (TEST_POSTGRES_URL; npm test starts one).
  it.skipIf(!process.env.TEST_POSTGRES_URL)('names a database that does not exist', async () => {
    const url = new URL(process.env.TEST_POSTGRES_URL!);
    url.pathname = '/quire_no_such_database';
    expect(databaseProblem(await connectionError(url.toString()))).toContain('does not exist');
  });

  it('leaves other errors alone', () => {
    expect(databaseProblem(new Error('something else'))).toBeNull();
  });
});
