import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../client';
import { posts, settings } from '../schema';
import { isPublishedPage } from './posts';

// The header menu is one JSON value in the settings table: read on every page render (cached with
// the `menu` tag), written only from the admin's settings page.
const MENU_KEY = 'menu';

/** The menu as stored (JSON text, read by lib/services/menu.ts), or null when no admin saved one. */
export function getStoredMenu(): string | null {
  return (
    getDb().select({ value: settings.value }).from(settings).where(eq(settings.key, MENU_KEY)).get()?.value ?? null
  );
}

export function saveStoredMenu(value: string): void {
  getDb()
    .insert(settings)
    .values({ key: MENU_KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

/** The published pages among these ids, with their current slugs. */
export function listPublishedPages(ids: number[]): { id: number; slug: string }[] {
  if (ids.length === 0) return [];
  return getDb()
    .select({ id: posts.id, slug: posts.slug })
    .from(posts)
    .where(and(inArray(posts.id, ids), isPublishedPage))
    .all();
}

/** Which of these ids are pages (any status but trashed): what a menu row may link to. */
export function existingPageIds(ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = getDb()
    .select({ id: posts.id, status: posts.status })
    .from(posts)
    .where(and(inArray(posts.id, ids), eq(posts.kind, 'page')))
    .all();
  return new Set(rows.filter((row) => row.status !== 'trashed').map((row) => row.id));
}

export type MenuPageChoice = { id: number; title: string; published: boolean };

/** Pages an admin can link from the menu (drafts too: they appear once published). */
export function listMenuPageChoices(): MenuPageChoice[] {
  return getDb()
    .select({ id: posts.id, title: posts.title, status: posts.status })
    .from(posts)
    .where(eq(posts.kind, 'page'))
    .all()
    .filter((row) => row.status !== 'trashed')
    .map((row) => ({ id: row.id, title: row.title || 'Untitled', published: row.status === 'published' }))
    .sort((a, b) => a.title.localeCompare(b.title));
}
