import type { UploadVariant } from '@/db/schema';
import type { ImageAttributes } from '../policies/markdown';

/** The address of one stored variant. */
export function uploadUrl(key: string): string {
  return `/uploads/${key}`;
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

/** width, height, srcset and sizes for an uploaded image shown in a post's column. */
export function imageAttributes(variants: UploadVariant[], src: string): ImageAttributes | null {
  const parsed = parseUploadUrl(src);
  const chosen = parsed ? variants.find((variant) => variant.width === parsed.width) : undefined;
  if (!chosen) return null;
  return {
    width: chosen.width,
    height: chosen.height,
    srcset: [...variants]
      .sort((a, b) => a.width - b.width)
      .map((variant) => `${uploadUrl(variant.key)} ${variant.width}w`)
      .join(', '),
    sizes: '(min-width: 1024px) 720px, 100vw',
  };
}
