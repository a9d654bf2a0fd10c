// Types for redis-server.mjs.
export function findRedisServer(): string | null;
export const missingRedisServer: string;
export function startRedisServer(options: { port: number }): Promise<{ url: string; stop(): Promise<void> }>;
