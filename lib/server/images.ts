import { listUploadVariants } from '@/db/queries/uploads';
import type { UploadVariant } from '@/db/schema';
import type { ImageAttributes, ImageLookup } from '../policies/markdown';
import { getEnv } from './env';
import { uploadObjectPath } from './uploads/keys';

/** The address of one stored variant, as posts' Markdown names it (whatever the store). */
export function uploadUrl(key: string): string {
  return `/uploads/${key}`;
}

/**
 * The address browsers load a variant from: the bucket itself when S3_PUBLIC_URL is set (Quire
 * never touches those bytes), else Quire's upload route. Markdown keeps the /uploads/ form, so a
 * post does not change when the store does.
 */
export function servedUploadUrl(key: string, publicUrl: string | null = getEnv().S3_PUBLIC_URL ?? null): string {
  return publicUrl ? `${publicUrl}/${uploadObjectPath(key)}` : uploadUrl(key);
}

/** Which upload and width an address names: /uploads/<id>-<width>.webp. */
export function parseUploadUrl(src: string): { id: string; width: number } | null {
  const match = /^\/uploads\/([a-f0-9]{32})-([0-9]{2,4})\.webp$/.exec(src);
  return match ? { id: match[1]!, width: Number(match[2]) } : null;
}

/** The variant an editor inserts: the one closest to 1280 wide without going over (or the smallest). */
export function defaultVariant(variants: UploadVariant[]): UploadVariant {
  const sorted = [...variants].sort((a, b) => a.width - b.width);
  return sorted.filter((variant) => variant.width <= 1280).at(-1) ?? sorted[0]!;
}

/** The address to load, width, height, srcset and sizes for an uploaded image shown in a post's column. */
export function imageAttributes(
  variants: UploadVariant[],
  src: string,
  publicUrl: string | null = getEnv().S3_PUBLIC_URL ?? null,
): ImageAttributes | null {
  const parsed = parseUploadUrl(src);
  const chosen = parsed ? variants.find((variant) => variant.width === parsed.width) : undefined;
  if (!chosen) return null;
  return {
    src: servedUploadUrl(chosen.key, publicUrl),
    width: chosen.width,
    height: chosen.height,
    srcset: [...variants]
      .sort((a, b) => a.width - b.width)
      .map((variant) => `${servedUploadUrl(variant.key, publicUrl)} ${variant.width}w`)
      .join(', '),
    sizes: '(min-width: 1024px) 720px, 100vw',
  };
}

/** Size attributes for every uploaded image a piece of Markdown (or a cover) names, read in one query. */
export async function imageLookupFor(...texts: string[]): Promise<ImageLookup> {
  const ids = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/\/uploads\/[a-f0-9]{32}-[0-9]{2,4}\.webp/g)) {
      const parsed = parseUploadUrl(match[0]);
      if (parsed) ids.add(parsed.id);
    }
  }
  const variantsById = await listUploadVariants({ ids: [...ids] });
  return (src) => {
    const parsed = parseUploadUrl(src);
    const variants = parsed ? variantsById.get(parsed.id) : undefined;
    return variants ? imageAttributes(variants, src) : null;
  };
}
