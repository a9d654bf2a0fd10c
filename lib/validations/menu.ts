import { z } from 'zod';
import { isSlug } from '../policies/slug';

// The header menu: what an admin may put in it, as stored and as typed into the settings form.
// Links are a page (by id, so renaming its slug keeps the link), a label, or an address. An address
// is either this site's own path (`/archive`) or an http(s) URL: `javascript:`, `data:` and the like
// are refused here and dropped again when the stored menu is read, so no script can ride a link.

export const MAX_MENU_ITEMS = 12;
export const MAX_MENU_LABEL = 40;
const MAX_URL_LENGTH = 500;
const ORIGIN_PROBE = 'http://quire.invalid';

/**
 * The address as it will be linked, or null when it is not a plain web address: an absolute http(s)
 * URL, or a path on this site (one leading slash; `//host` and `/\host` would leave the site).
 */
export function safeMenuUrl(input: string): string | null {
  const value = input.trim();
  if (value === '' || value.length > MAX_URL_LENGTH || /[\s\p{Cc}]/u.test(value)) return null;
  if (value.startsWith('/')) {
    if (value.startsWith('//') || value.startsWith('/\\')) return null;
    try {
      const url = new URL(value, ORIGIN_PROBE);
      return url.origin === ORIGIN_PROBE ? `${url.pathname}${url.search}${url.hash}` : null;
    } catch {
      return null;
    }
  }
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

const urlSchema = z.string().transform((value, context) => {
  const safe = safeMenuUrl(value);
  if (safe === null) {
    context.addIssue({
      code: 'custom',
      message: 'Enter a web address starting with https:// or http://, or a path on this site starting with /.',
    });
    return z.NEVER;
  }
  return safe;
});

export const menuTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('page'), pageId: z.number().int().positive() }),
  z.object({ type: z.literal('label'), slug: z.string().refine(isSlug) }),
  z.object({ type: z.literal('url'), url: urlSchema }),
]);
export type MenuTarget = z.output<typeof menuTargetSchema>;

export const menuItemSchema = z.object({
  label: z.string().trim().min(1).max(MAX_MENU_LABEL),
  target: menuTargetSchema,
});
export type MenuItem = z.output<typeof menuItemSchema>;

/** The stored menu (JSON in the settings table): items that no longer parse are left out, not fatal. */
export function parseStoredMenu(json: string | undefined): MenuItem[] {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, MAX_MENU_ITEMS).flatMap((item) => {
    const parsed = menuItemSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The value of a row's "Links to" choice: `page:12`, `label:travel` or `url`. */
export function targetChoice(target: MenuTarget): string {
  if (target.type === 'page') return `page:${target.pageId}`;
  if (target.type === 'label') return `label:${target.slug}`;
  return 'url';
}

/** The form's field names for row `index` (0-based). */
export const menuField = {
  label: (index: number) => `label-${index}`,
  target: (index: number) => `target-${index}`,
  url: (index: number) => `url-${index}`,
  order: (index: number) => `order-${index}`,
};

/** Every field of every row: the values a refused form puts back. */
export const menuFormFields = Array.from({ length: MAX_MENU_ITEMS }, (_, index) => [
  menuField.label(index),
  menuField.target(index),
  menuField.url(index),
  menuField.order(index),
]).flat();

const text = z
  .string()
  .max(MAX_URL_LENGTH + 100)
  .optional()
  .default('');

/**
 * The settings form's menu rows (`label-0`, `target-0`, `url-0`, `order-0`…) into menu items, in
 * their order. A row left blank is skipped; a half-filled one is an error on its own field, keyed by
 * the field's name so the form shows it there.
 */
export const menuFormSchema = z
  .object(Object.fromEntries(menuFormFields.map((field) => [field, text])) as Record<string, typeof text>)
  .transform((values, context) => {
    const rows: { item: MenuItem; order: number; index: number }[] = [];
    for (let index = 0; index < MAX_MENU_ITEMS; index++) {
      const label = (values[menuField.label(index)] ?? '').trim();
      const choice = values[menuField.target(index)] ?? '';
      const url = (values[menuField.url(index)] ?? '').trim();
      const orderText = (values[menuField.order(index)] ?? '').trim();
      if (!label && (choice === '' || (choice === 'url' && !url))) continue;
      const fail = (field: string, message: string) => context.addIssue({ code: 'custom', path: [field], message });
      if (!label) fail(menuField.label(index), 'Give this link a label.');
      else if (label.length > MAX_MENU_LABEL)
        fail(menuField.label(index), `Keep the label under ${MAX_MENU_LABEL + 1} characters.`);
      let target: MenuTarget | null = null;
      const page = /^page:([1-9][0-9]{0,9})$/.exec(choice);
      const labelSlug = /^label:(.+)$/.exec(choice);
      if (page) target = { type: 'page', pageId: Number(page[1]) };
      else if (labelSlug && isSlug(labelSlug[1]!)) target = { type: 'label', slug: labelSlug[1]! };
      else if (choice === 'url') {
        const safe = safeMenuUrl(url);
        if (safe === null) {
          fail(
            menuField.url(index),
            url
              ? 'Enter a web address starting with https:// or http://, or a path on this site starting with /.'
              : 'Enter the address this link goes to.',
          );
        } else target = { type: 'url', url: safe };
      } else fail(menuField.target(index), 'Choose what this link goes to.');
      const order = orderText === '' ? index + 1 : Number(orderText);
      if (!Number.isInteger(order) || order < 0 || order > 999) {
        fail(menuField.order(index), 'Enter a whole number from 0 to 999.');
      }
      if (target && label && label.length <= MAX_MENU_LABEL) rows.push({ item: { label, target }, order, index });
    }
    return rows.sort((a, b) => a.order - b.order || a.index - b.index).map((row) => row.item);
  });
