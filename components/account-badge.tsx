'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { signOutAction } from '@/app/signout/actions';
import { readCookie, SIGNED_IN_MARKER, subscribeToCookies } from './cookie-watch';

type Me = { signedIn: true; name: string; writes: boolean; openQueue: number | null };

// Checked by hand rather than with zod: this runs on every public page, so it stays tiny.
function parseMe(json: unknown): Me | null {
  if (typeof json !== 'object' || json === null) return null;
  const value = json as Record<string, unknown>;
  if (value.signedIn !== true || typeof value.name !== 'string' || typeof value.writes !== 'boolean') return null;
  const openQueue = typeof value.openQueue === 'number' ? value.openQueue : null;
  return { signedIn: true, name: value.name, writes: value.writes, openQueue };
}

function hasMarker(): boolean {
  return readCookie(SIGNED_IN_MARKER) === '1';
}

const subscribeToMarker = (onChange: () => void) => subscribeToCookies(onChange, 2_000);

/** Pages a "Sign in" link should not send people back to. */
const authPages = /^\/(signin|signup|signout)(\/|$)/;
/** Pages that need an account: signing out there goes home instead of to a sign-in wall. */
const privatePages = /^\/(account|dashboard|moderation|admin)(\/|$)/;

function withReturnTo(page: '/signin' | '/signup', path: string): string {
  return `${page}?returnTo=${encodeURIComponent(authPages.test(path) ? '/' : path)}`;
}

const noSubscription = () => () => undefined;

/**
 * The account corner of the (cached, shared) site header. The server HTML carries what a visitor
 * sees, Sign in and Sign up, so it works without JavaScript and holds nothing about anyone. In the
 * browser, when the sign-in marker cookie is present, it asks /api/me who is signed in and shows
 * their name, Dashboard, Moderation and Sign out instead. The layout stays mounted across
 * client-side navigations, so it asks again whenever the address or the marker changes.
 */
export function AccountBadge() {
  const signedIn = useSyncExternalStore(subscribeToMarker, hasMarker, () => false);
  // A new mount when the marker comes or goes, so one person's name never lingers for the next.
  return <AccountCorner key={signedIn ? 'signed-in' : 'visitor'} signedIn={signedIn} />;
}

function AccountCorner({ signedIn }: { signedIn: boolean }) {
  const here = usePathname();
  // On a rewritten route (the home page is /page/1 inside) the server may have rendered another
  // path than the browser shows; hydration keeps the server's attributes, so once hydrated the links
  // are re-created (`key`) with the browser's path.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  // null: not known yet; 'visitor': the marker outlived the session.
  const [who, setWho] = useState<Me | 'visitor' | null>(null);

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    fetch('/api/me', { cache: 'no-store' })
      .then((response) => response.json())
      .then((json: unknown) => {
        if (!cancelled) setWho(parseMe(json) ?? 'visitor');
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [signedIn, here]);

  const shown = signedIn ? who : 'visitor';
  if (shown !== null && shown !== 'visitor') {
    return (
      <span className="flex flex-wrap items-center gap-x-4 gap-y-2" data-testid="account-badge">
        {/* A long name is cut short with an ellipsis rather than pushing the header onto two lines. */}
        <Link href="/account" className="max-w-40 truncate" title={shown.name}>
          {shown.name}
        </Link>
        {shown.writes ? <Link href="/dashboard">Dashboard</Link> : null}
        {shown.openQueue !== null ? (
          <Link href="/moderation" aria-label={`Moderation: ${shown.openQueue} open`}>
            Moderation <span className="chip">{shown.openQueue}</span>
          </Link>
        ) : null}
        <form action={signOutAction}>
          <input type="hidden" name="returnTo" value={privatePages.test(here) ? '/' : here} />
          <button type="submit" className="underline">
            Sign out
          </button>
        </form>
      </span>
    );
  }
  // While the marker says someone is signed in, show nothing rather than a Sign in link that is
  // about to be replaced by their name.
  if (shown === null) return null;
  const key = hydrated ? 'browser' : 'server';
  return (
    <span className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <Link key={`in-${key}`} href={withReturnTo('/signin', here)}>
        Sign in
      </Link>
      <Link key={`up-${key}`} href={withReturnTo('/signup', here)}>
        Sign up
      </Link>
    </span>
  );
}
