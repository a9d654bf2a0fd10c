import 'server-only';
import { saveUpload } from '@/db/queries/uploads';
import type { UploadVariant } from '@/db/schema';
import { defaultVariant, uploadUrl } from '../images';
import { ImageRejected, processImage } from './images';
import { getUploadStore } from './store';

export type UploadedImage = { id: string; src: string; width: number; height: number; variants: UploadVariant[] };

/** Checks, resizes and stores an image; the same bytes uploaded twice are stored once. */
export async function storeImage(
  bytes: Buffer,
  originalName: string,
  uploaderId: string | null,
): Promise<UploadedImage> {
  const image = await processImage(bytes);
  const store = getUploadStore();
  const variants: UploadVariant[] = [];
  for (const variant of image.variants) {
    const key = `${image.id}-${variant.width}.webp`;
    await store.put(key, variant.data, 'image/webp');
    variants.push({ width: variant.width, height: variant.height, key, bytes: variant.data.length });
  }
  const row = await saveUpload({
    id: image.id,
    uploaderId,
    originalName: originalName.slice(0, 200),
    width: image.width,
    height: image.height,
    variants,
  });
  const chosen = defaultVariant(row.variants);
  return { id: row.id, src: uploadUrl(chosen.key), width: chosen.width, height: chosen.height, variants: row.variants };
}

export { ImageRejected };
