import { z } from 'zod';

const pageNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/)
  .transform(Number);

/** A page number from a URL segment, or null for junk ("0", "abc", "1e3", "-1"). */
export function parsePageNumber(value: string | undefined): number | null {
  if (value === undefined) return 1;
  const parsed = pageNumber.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * A listing's address with its filters: empty values and the defaults (page 1, the first tab) are
 * left out, so the bare listing has one address and each filtered view exactly one.
 */
export function listHref(
  path: string,
  values: Record<string, string | number | undefined>,
  defaults: Record<string, string> = {},
): string {
  const query = new URLSearchParams();
  for (const [key, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    const value = String(raw);
    if (value === '' || value === (key === 'page' ? '1' : defaults[key])) continue;
    query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Addresses of a paged listing: page 1 is the listing itself, later ones `…/page/N`. */
export const pagedHref = (base: string) => (page: number) =>
  page === 1 ? base : `${base === '/' ? '' : base}/page/${page}`;
