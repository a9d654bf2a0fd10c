// Types for shutdown.mjs (plain JavaScript, loaded by scripts/server.mjs).

export function onShutdown(name: string, task: () => unknown): void;
export function runShutdownTasks(report?: (name: string, error: unknown) => void): Promise<void>;
