import 'server-only';
import { menuVersion } from '../services/menu';
import { settingsVersion } from '@/db/queries/settings';
import { logger } from '@/lib/server/logger';

// The cached search shell page's HTML (app/search/shell), kept in memory by this process and asked
// for again from the page cache when a setting changes (the shell shows the site's title). Fetched
// from this server itself, so it is the page exactly as Next renders it, scripts and styles included.

/** This server's own address, from the PORT and HOSTNAME it listens on (as scripts/server.mjs reads them). */
export function ownOrigin(env: Record<string, string | undefined> = process.env): string {
  const host = env.HOSTNAME && env.HOSTNAME !== '0.0.0.0' && env.HOSTNAME !== '::' ? env.HOSTNAME : '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || '3000'}`;
}

let kept: { version: string; html: Promise<string> } | null = null;

async function fetchShell(): Promise<string> {
  const response = await fetch(`${ownOrigin()}/search/shell/1`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`the shell page answered ${response.status}`);
  return response.text();
}

/** The shell's HTML, or null when it cannot be had (the caller answers another way). */
export async function searchShell(): Promise<string | null> {
  // The header menu's links change with pages too (published, renamed), not only with settings.
  const version = `${await settingsVersion()}\u001e${await menuVersion()}`;
  if (kept?.version !== version) kept = { version, html: fetchShell() };
  const asked = kept;
  try {
    return await asked.html;
  } catch (error) {
    // Asked again by the next search, not kept as a failure.
    if (kept === asked) kept = null;
    logger.warn({ err: error }, 'The search shell page could not be fetched.');
    return null;
  }
}
