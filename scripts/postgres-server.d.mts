// Types for postgres-server.mjs.
export function findPostgres(): string | null;
export const missingPostgres: string;
export function startPostgresServer(options: { port: number }): Promise<{ url: string; stop(): void }>;
export function freshPostgresDatabase(serverUrl: string, name: string): Promise<string>;
