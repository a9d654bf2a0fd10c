'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
type Me = { signedIn: true; name: string; writes: boolean; openQueue: number | null };

// Checked by hand rather than with zod: this runs on every public page, so it stays tiny.
function parseMe(json: unknown): Me | null {
  if (typeof json !== 'object' || json === null) return null;
  const value = json as Record<string, unknown>;
  if (value.signedIn !== true || typeof value.name !== 'string' || typeof value.writes !== 'boolean') return null;
  const openQueue = typeof value.openQueue === 'number' ? value.openQueue : null;
  return { signedIn: true, name: value.name, writes: value.writes, openQueue };
}

/**
 * The signed-in person's name in the (cached, shared) site header, and for moderators the number
 * of comments waiting. Asks the server only when the sign-in marker cookie is present.
 */
export function AccountBadge() {
  const [who, setWho] = useState<Me | null>(null);
  useEffect(() => {
    if (!document.cookie.split('; ').includes('quire-signed-in=1')) return;
    let cancelled = false;
    fetch('/api/me', { cache: 'no-store' })
      .then((response) => response.json())
      .then((json: unknown) => {
        const parsed = parseMe(json);
        if (!cancelled && parsed) setWho(parsed);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  if (!who) return null;
  return (
    <span className="flex items-center gap-3" data-testid="account-badge">
      <Link href="/account">{who.name}</Link>
      {who.writes ? <Link href="/dashboard">Dashboard</Link> : null}
      {who.openQueue !== null ? (
        <Link href="/moderation" aria-label={`Moderation: ${who.openQueue} open`}>
          Moderation <span className="chip">{who.openQueue}</span>
        </Link>
      ) : null}
    </span>
  );
}
