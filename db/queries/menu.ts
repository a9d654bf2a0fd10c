import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, write } from '../client';
import { posts, settings } from '../tables';
import { isPublishedPage } from './posts';

// The header menu is one JSON value in the settings table: read on every page render (cached with
// the `menu` tag), written only from the admin's settings page.
const MENU_KEY = 'menu';

/** The menu as stored (JSON text, read by lib/services/menu.ts), or null when no admin saved one. */
export async function getStoredMenu(): Promise<string | null> {
  const [row] = await getDb()
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, MENU_KEY))
    .limit(1);
  return row?.value ?? null;
}

export async function saveStoredMenu(value: string): Promise<void> {
  await write((db) =>
    db.insert(settings).values({ key: MENU_KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value } }),
  );
}

/** The published pages among these ids, with their current slugs. */
export async function listPublishedPages(ids: number[]): Promise<{ id: number; slug: string }[]> {
  if (ids.length === 0) return [];
  return getDb()
    .select({ id: posts.id, slug: posts.slug })
    .from(posts)
    .where(and(inArray(posts.id, ids), isPublishedPage));
}

/** Which of these ids are pages (any status but trashed): what a menu row may link to. */
export async function existingPageIds(ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await getDb()
    .select({ id: posts.id, status: posts.status })
    .from(posts)
    .where(and(inArray(posts.id, ids), eq(posts.kind, 'page')));
  return new Set(rows.filter((row) => row.status !== 'trashed').map((row) => row.id));
}

export type MenuPageChoice = { id: number; title: string; published: boolean };

/** Pages an admin can link from the menu (drafts too: they appear once published). */
export async function listMenuPageChoices(): Promise<MenuPageChoice[]> {
  const rows = await getDb()
    .select({ id: posts.id, title: posts.title, status: posts.status })
    .from(posts)
    .where(eq(posts.kind, 'page'));
  return rows
    .filter((row) => row.status !== 'trashed')
    .map((row) => ({ id: row.id, title: row.title || 'Untitled', published: row.status === 'published' }))
    .sort((a, b) => a.title.localeCompare(b.title));
}
