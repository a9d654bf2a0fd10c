import type { MenuItem } from '../validations/menu';

/** A link in the site header's menu. `external` ones leave the site. */
export type MenuLink = { label: string; href: string; external: boolean };

/**
 * The header's links for the stored menu: a page by its current slug, and only while it is published
 * (`pages` holds the published ones by id); a label at its listing; an address as validated.
 */
export function menuLinks(items: MenuItem[], pages: ReadonlyMap<number, { slug: string }>): MenuLink[] {
  return items.flatMap((item): MenuLink[] => {
    const { target } = item;
    if (target.type === 'page') {
      const page = pages.get(target.pageId);
      return page ? [{ label: item.label, href: `/pages/${page.slug}`, external: false }] : [];
    }
    if (target.type === 'label') return [{ label: item.label, href: `/labels/${target.slug}`, external: false }];
    return [{ label: item.label, href: target.url, external: !target.url.startsWith('/') }];
  });
}
