import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const IMAGE_WIDTHS = [640, 1280, 1920] as const;
const MAX_PIXELS = 80_000_000;

/** An upload refused for a reason the uploader can act on. */
export class ImageRejected extends Error {}

export type ProcessedVariant = { width: number; height: number; data: Buffer };
export type ProcessedImage = { id: string; width: number; height: number; variants: ProcessedVariant[] };

// The formats accepted, by what sharp reads from the bytes (never the file name or the browser's word).
const accepted = new Set(['png', 'jpeg', 'webp', 'gif', 'heif']);

/**
 * Checks that the bytes really are a PNG, JPEG, WebP, GIF or AVIF image, then makes resized WebP
 * copies (640, 1280 and 1920 wide, never enlarged), turned upright and without metadata (EXIF, GPS).
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  if (bytes.length === 0) throw new ImageRejected('The file is empty.');
  if (bytes.length > MAX_UPLOAD_BYTES) throw new ImageRejected('The image is larger than 10 MB.');
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    throw new ImageRejected('This file is not an image Quire can use (PNG, JPEG, WebP, GIF or AVIF).');
  }
  const isAvif = metadata.format === 'heif' && metadata.compression === 'av1';
  if (!accepted.has(metadata.format ?? '') || (metadata.format === 'heif' && !isAvif)) {
    throw new ImageRejected('This file is not an image Quire can use (PNG, JPEG, WebP, GIF or AVIF).');
  }
  // EXIF orientation 5–8 swaps width and height once the image is turned upright.
  const swapped = (metadata.orientation ?? 1) >= 5;
  const width = (swapped ? metadata.height : metadata.width) ?? 0;
  const height = (swapped ? metadata.width : metadata.height) ?? 0;
  if (width < 1 || height < 1) throw new ImageRejected('The image has no size.');

  const targets = [...new Set([...IMAGE_WIDTHS.filter((target) => target < width), Math.min(width, 1920)])].sort(
    (a, b) => a - b,
  );
  const variants: ProcessedVariant[] = [];
  try {
    for (const target of targets) {
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
        .rotate()
        .resize({ width: target, withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      variants.push({ width: info.width, height: info.height, data });
    }
  } catch {
    throw new ImageRejected('The image could not be read; it may be damaged.');
  }
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  return { id, width, height, variants };
}
