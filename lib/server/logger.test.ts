import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with the level by name and honours LOG_LEVEL', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'warn', destination, pretty: false });
    logger.info('not shown');
    logger.warn({ posts: 3 }, 'shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'shown', posts: 3 });
    expect(typeof lines[0]?.time).toBe('string');
  });

  it('says so once and logs at info when LOG_LEVEL is not a level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'loud', destination, pretty: false });
    logger.debug('not shown');
    logger.info('shown');
    expect(lines.map((line) => line.msg)).toEqual([
      'LOG_LEVEL=loud is not a log level (fatal, error, warn, info, debug, trace, silent); logging at info.',
      'shown',
    ]);
  });

  it('never writes passwords, tokens, secrets or auth headers', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', destination, pretty: false });
    logger.info(
      {
        password: 'hunter2-hunter2',
        user: { email: 'a@example.test', passwordHash: '$argon2id$secret-hash' },
        request: { headers: { authorization: 'Bearer abc', cookie: 'session=xyz', accept: 'text/html' } },
        token: 'reset-token',
      },
      'an event',
    );
    const written = JSON.stringify(lines[0]);
    for (const secret of ['hunter2', 'secret-hash', 'Bearer abc', 'session=xyz', 'reset-token']) {
      expect(written).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      user: { email: 'a@example.test' },
      request: { headers: { accept: 'text/html' } },
    });
  });
});

describe('parseLogLevel', () => {
  it('accepts the level names in any case and defaults to info', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel(' DEBUG ')).toBe('debug');
    expect(parseLogLevel('silent')).toBe('silent');
    expect(parseLogLevel('verbose')).toBeUndefined();
  });
});
