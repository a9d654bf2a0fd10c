import { readSecret } from './secrets';

/**
 * Asks the running Quire server to drop the cached pages a write changed. Used by the command-line
 * tools (another process) and by the publishing timer (outside any request, where Next's
 * revalidateTag cannot run). Best effort: when no server is running there is no cache to drop.
 */
export async function notifyServer(tags?: string[]): Promise<'refreshed' | 'no-server'> {
  const secret = readSecret('internal');
  if (!secret) return 'no-server';
  // Inside the server, Next records the address it listens on; the CLI assumes this machine and PORT.
  const origin = process.env.__NEXT_PRIVATE_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  try {
    const response = await fetch(`${origin}/api/internal/revalidate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(tags ? { tags } : {}),
      signal: AbortSignal.timeout(3000),
    });
    return response.ok ? 'refreshed' : 'no-server';
  } catch {
    return 'no-server';
  }
}
