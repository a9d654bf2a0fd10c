// Types for cluster.mjs (plain JavaScript: the server script runs it without a build step).
import type { Readable } from 'node:stream';
export const STOP_MESSAGE: string;
export function workerCount(value: string | undefined): number | null;
export function pipeLines(from: Readable, to: NodeJS.WritableStream): void;
export function runPrimary(options: { workers: number; logger: unknown; origin: string }): void;
