import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { autoWorkerCount, cgroupCpus, MEMORY_PER_PROCESS, pipeLines, workerCount } from './cluster.mjs';

describe('WEB_CONCURRENCY', () => {
  it('is chosen for the machine unless it names a count, and refuses what is neither', () => {
    const auto = () => 3;
    expect(workerCount(undefined, auto)).toBe(3);
    expect(workerCount(' ', auto)).toBe(3);
    expect(workerCount('auto', auto)).toBe(3);
    expect(workerCount(' Auto ', auto)).toBe(3);
    expect(workerCount('1', auto)).toBe(1);
    expect(workerCount('2', auto)).toBe(2);
    expect(workerCount('64', auto)).toBe(64);
    for (const wrong of ['0', '65', '1.5', 'two', '-2', 'automatic']) expect(workerCount(wrong, auto)).toBeNull();
  });

  it('by default is one process per core, fewer under a CPU quota or when memory is short', () => {
    const plenty = 64 * 1024 ** 3;
    expect(autoWorkerCount({ cores: 2, quota: undefined, memory: plenty })).toBe(2);
    expect(autoWorkerCount({ cores: 16, quota: 4, memory: plenty })).toBe(4);
    expect(autoWorkerCount({ cores: 4, quota: 8, memory: plenty })).toBe(4);
    // A container with 2 GB: two processes of MEMORY_PER_PROCESS fit, not eight.
    expect(autoWorkerCount({ cores: 8, quota: undefined, memory: 2 * 1024 ** 3 })).toBe(
      Math.floor((2 * 1024 ** 3) / MEMORY_PER_PROCESS),
    );
    // Never none, never more than WEB_CONCURRENCY itself allows.
    expect(autoWorkerCount({ cores: 4, quota: undefined, memory: 256 * 1024 ** 2 })).toBe(1);
    expect(autoWorkerCount({ cores: 1, quota: undefined, memory: plenty })).toBe(1);
    expect(autoWorkerCount({ cores: 256, quota: undefined, memory: 1024 ** 4 })).toBe(64);
  });
});

describe('a cgroup’s CPU quota', () => {
  /** A reader of these files only; any other path is missing. */
  const files = (contents: Record<string, string>) => (path: string) => {
    const text = contents[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };

  it('is read from cgroup v2, in the process’s own group or at the root a container sees', () => {
    expect(
      cgroupCpus(
        files({
          '/proc/self/cgroup': '0::/system.slice/quire.service\n',
          '/sys/fs/cgroup/system.slice/quire.service/cpu.max': '150000 100000\n',
        }),
      ),
    ).toBe(1);
    expect(cgroupCpus(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '400000 100000\n' }))).toBe(4);
    expect(cgroupCpus(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).toBe(
      undefined,
    );
  });

  it('is read from cgroup v1, and is none when nothing limits the process', () => {
    expect(
      cgroupCpus(
        files({
          '/proc/self/cgroup': '4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n0::/\n',
          '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '200000\n',
          '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
        }),
      ),
    ).toBe(2);
    expect(
      cgroupCpus(
        files({
          '/proc/self/cgroup': '1:cpu:/\n',
          '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n',
          '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
        }),
      ),
    ).toBe(undefined);
    expect(cgroupCpus(files({}))).toBe(undefined);
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
