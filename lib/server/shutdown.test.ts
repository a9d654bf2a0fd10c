import { afterEach, describe, expect, it } from 'vitest';
import { onShutdown, runShutdownTasks } from './shutdown.mjs';

const registry = globalThis as { quireShutdownTasks?: Map<string, () => unknown>; quireShutdownRun?: Promise<void> };

afterEach(() => {
  delete registry.quireShutdownTasks;
  delete registry.quireShutdownRun;
});

describe('shutdown tasks', () => {
  it('run once each, in order, awaited, and a failing one does not stop the rest', async () => {
    const done: string[] = [];
    const failures: string[] = [];
    onShutdown('views', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push('views');
    });
    onShutdown('broken', () => {
      throw new Error('the database is gone');
    });
    onShutdown('scheduler', () => done.push('scheduler'));
    const first = runShutdownTasks((name, error) => failures.push(`${name}: ${(error as Error).message}`));
    const second = runShutdownTasks();
    expect(second).toBe(first);
    await first;
    expect(done).toEqual(['views', 'scheduler']);
    expect(failures).toEqual(['broken: the database is gone']);
  });

  it('keep one task per name (a hot reload registers again)', async () => {
    const calls: number[] = [];
    onShutdown('views', () => calls.push(1));
    onShutdown('views', () => calls.push(2));
    await runShutdownTasks();
    expect(calls).toEqual([2]);
  });
});
