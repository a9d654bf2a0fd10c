import { describe, expect, it } from 'vitest';
import { preparedStatements } from './client';
import { useTestDatabase } from './test-database';

describe('preparedStatements', () => {
  it('builds once per connection, and anew for the connection in use after a switch', () => {
    const built: unknown[] = [];
    const statements = preparedStatements((db) => {
      built.push(db);
      return { one: db.$client.prepare('select 1 as one') };
    });
    const first = useTestDatabase();
    expect(statements().one.get()).toEqual({ one: 1 });
    expect(statements()).toBe(statements());
    expect(built).toEqual([first]);

    const second = useTestDatabase();
    expect(statements().one.get()).toEqual({ one: 1 });
    expect(built).toEqual([first, second]);
  });
});
