import 'server-only';
import { getStoredMenu, listPublishedPages, saveStoredMenu } from '@/db/queries/menu';
import { menuLinks, type MenuLink } from '../policies/menu';
import { parseStoredMenu, type MenuItem } from '../validations/menu';

// The header menu is one JSON value in the settings table (db/queries/menu.ts): read on every page
// render (cached with the `menu` tag), written only from the admin's settings page.

export async function getMenuItems(): Promise<MenuItem[]> {
  return parseStoredMenu((await getStoredMenu()) ?? undefined);
}

export async function saveMenuItems(items: MenuItem[]): Promise<void> {
  await saveStoredMenu(JSON.stringify(items));
}

/** The menu as the header shows it: pages by their current slug, unpublished ones left out. */
export async function listMenuLinks(): Promise<MenuLink[]> {
  const items = await getMenuItems();
  const pageIds = items.flatMap((item) => (item.target.type === 'page' ? [item.target.pageId] : []));
  return menuLinks(items, new Map((await listPublishedPages(pageIds)).map((page) => [page.id, page])));
}

/** The header's links as one string, for copies of a rendered header kept outside the page cache. */
export async function menuVersion(): Promise<string> {
  return JSON.stringify(await listMenuLinks());
}
