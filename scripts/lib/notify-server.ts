import { readSecret } from '@/lib/secrets';

/**
 * Asks a running Quire server on this machine to drop the cached pages a command-line write changed.
 * Best effort: when no server is running there is no cache to drop.
 */
export async function notifyServer(tags?: string[]): Promise<'refreshed' | 'no-server'> {
  const secret = readSecret('internal');
  if (!secret) return 'no-server';
  const port = process.env.PORT ?? '3000';
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/internal/revalidate`, {
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
