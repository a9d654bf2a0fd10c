// Imported first by every script, so a command sees the settings the server sees: the same .env
// files `next start` reads, with Next's precedence (the real environment wins, then
// .env.production.local, .env.local, .env.production, .env), from the folder the command runs in.
import { createRequire } from 'node:module';

// @next/env is CommonJS without named exports Node can detect.
const { loadEnvConfig } = createRequire(import.meta.url)('@next/env') as typeof import('@next/env');

loadEnvConfig(process.cwd(), false, { info: () => {}, error: (...messages: unknown[]) => console.error(...messages) });
