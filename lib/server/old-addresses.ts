// WordPress's query-string permalinks (`/?p=12`, `/?page_id=3`) cannot reach a page by path: proxy.ts
// rewrites them to a path of their own, which the catch-all page maps back to the stored old address.

export const LEGACY_PREFIX = 'wp-legacy';
const legacyParams = ['p', 'page_id'] as const;

/** The internal path for `/?p=12`, or null when the query is not a WordPress permalink. */
export function legacyRewritePath(searchParams: URLSearchParams): string | null {
  for (const name of legacyParams) {
    const value = searchParams.get(name);
    if (value && /^[1-9][0-9]{0,11}$/.test(value)) return `/${LEGACY_PREFIX}/${name}/${value}`;
  }
  return null;
}

/** The stored old address for the catch-all's segments, when they are such an internal path. */
export function legacyQueryPath(segments: string[]): string | null {
  const [prefix, name, value, ...rest] = segments;
  if (prefix !== LEGACY_PREFIX || rest.length || !value || !(legacyParams as readonly string[]).includes(name ?? '')) {
    return null;
  }
  return `/?${name}=${value}`;
}
