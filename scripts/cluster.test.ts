import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pipeLines, workerCount } from './cluster.mjs';

describe('WEB_CONCURRENCY', () => {
  it('is one process unless it says otherwise, and refuses what is not a count', () => {
    expect(workerCount(undefined)).toBe(1);
    expect(workerCount(' ')).toBe(1);
    expect(workerCount('2')).toBe(2);
    expect(workerCount('64')).toBe(64);
    for (const wrong of ['0', '65', '1.5', 'two', '-2']) expect(workerCount(wrong)).toBeNull();
  });
});

describe('a worker’s output', () => {
  it('reaches ours in whole lines, never a line cut between two writes', async () => {
    const from = new PassThrough();
    const writes: string[] = [];
    pipeLines(from, {
      write: (bytes: Buffer) => void writes.push(bytes.toString()),
    } as unknown as NodeJS.WritableStream);
    from.write('{"a":1}\n{"b":');
    from.write('2}\n{"c"');
    from.write(':3,"é":"ü');
    from.write('"}\n{"d"');
    from.end(':4}');
    await new Promise((resolve) => from.on('end', resolve));
    expect(writes).toEqual(['{"a":1}\n', '{"b":2}\n', '{"c":3,"é":"ü"}\n', '{"d":4}\n']);
  });
});
