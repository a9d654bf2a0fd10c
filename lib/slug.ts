import slugify from 'slugify';

const MAX_SLUG_LENGTH = 80;

/** A URL-safe slug: lower case ASCII letters, digits and single hyphens. */
export function toSlug(text: string): string {
  const slug = slugify(text, { lower: true, strict: true, trim: true }).slice(0, MAX_SLUG_LENGTH).replace(/-+$/g, '');
  return slug || 'post';
}

/** The first of slug, slug-2, slug-3… that `isTaken` says is free. */
export function uniqueSlug(base: string, isTaken: (candidate: string) => boolean): string {
  const slug = toSlug(base);
  if (!isTaken(slug)) return slug;
  for (let n = 2; ; n++) {
    const candidate = `${slug.slice(0, MAX_SLUG_LENGTH - String(n).length - 1)}-${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Whether a URL segment can be a slug or handle at all: checked before any lookup or cache entry. */
export function isSlug(value: string): boolean {
  return value.length <= 100 && slugPattern.test(value);
}
