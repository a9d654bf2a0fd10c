// Types for cluster.mjs (plain JavaScript: the server script runs it without a build step).
import type { Readable } from 'node:stream';
export const STOP_MESSAGE: string;
/** The memory each server process is counted to need when their number is chosen for the machine. */
export const MEMORY_PER_PROCESS: number;
export function workerCount(value: string | undefined, auto?: () => number): number | null;
export function autoWorkerCount(machine?: { cores?: number; quota?: number; memory?: number }): number;
export function cgroupCpus(read?: (path: string) => string): number | undefined;
export function pipeLines(from: Readable, to: NodeJS.WritableStream): void;
export function runPrimary(options: { workers: number; logger: unknown; origin: string }): void;
