import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { menuLinks, type MenuLink } from '@/lib/policies/menu';
import { parseStoredMenu, type MenuItem } from '@/lib/validations/menu';
import { getDb } from '../client';
import { posts, settings } from '../schema';
import { isPublishedPage } from './posts';

// The header menu is one JSON value in the settings table: read on every page render (cached with
// the `menu` tag), written only from the admin's settings page.
const MENU_KEY = 'menu';

export function getMenuItems(): MenuItem[] {
  const row = getDb().select({ value: settings.value }).from(settings).where(eq(settings.key, MENU_KEY)).get();
  return parseStoredMenu(row?.value);
}

export function saveMenuItems(items: MenuItem[]): void {
  const value = JSON.stringify(items);
  getDb()
    .insert(settings)
    .values({ key: MENU_KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

/** The menu as the header shows it: pages by their current slug, unpublished ones left out. */
export function listMenuLinks(): MenuLink[] {
  const items = getMenuItems();
  const pageIds = items.flatMap((item) => (item.target.type === 'page' ? [item.target.pageId] : []));
  const pages =
    pageIds.length === 0
      ? []
      : getDb()
          .select({ id: posts.id, slug: posts.slug })
          .from(posts)
          .where(and(inArray(posts.id, pageIds), isPublishedPage))
          .all();
  return menuLinks(items, new Map(pages.map((page) => [page.id, page])));
}

/** The header's links as one string, for copies of a rendered header kept outside the page cache. */
export function menuVersion(): string {
  return JSON.stringify(listMenuLinks());
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
