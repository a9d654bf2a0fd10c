import 'server-only';
import { getStoredMenu, listPublishedPages, saveStoredMenu } from '@/db/queries/menu';
import { menuLinks, type MenuLink } from '../policies/menu';
import { parseStoredMenu, type MenuItem } from '../validations/menu';

// The header menu is one JSON value in the settings table (db/queries/menu.ts): read on every page
// render (cached with the `menu` tag), written only from the admin's settings page.

export function getMenuItems(): MenuItem[] {
  return parseStoredMenu(getStoredMenu() ?? undefined);
}

export function saveMenuItems(items: MenuItem[]): void {
  saveStoredMenu(JSON.stringify(items));
}

/** The menu as the header shows it: pages by their current slug, unpublished ones left out. */
export function listMenuLinks(): MenuLink[] {
  const items = getMenuItems();
  const pageIds = items.flatMap((item) => (item.target.type === 'page' ? [item.target.pageId] : []));
  return menuLinks(items, new Map(listPublishedPages(pageIds).map((page) => [page.id, page])));
}

/** The header's links as one string, for copies of a rendered header kept outside the page cache. */
export function menuVersion(): string {
  return JSON.stringify(listMenuLinks());
}
