import 'server-only';
import { MAX_UPLOAD_BYTES } from '@/lib/server/uploads/images';
import { ImageRejected, storeImage } from '@/lib/server/uploads/upload';
import { allowedAddressesFromEnv, fetchPublic, FetchRefused, type Resolver } from './public-fetch';
import type { ImportBundle } from './types';
import { logger } from '@/lib/server/logger';

// Imported posts keep their images' original addresses (this machine may have no network). With
// `--download-images`, each image is fetched once, checked and stored like an upload, and the posts
// point at the copy: the old site can then go away. The addresses come from an uploaded file, so
// they are fetched only from the public internet (lib/services/import/public-fetch.ts).

/** For one image, redirects included. */
const TIMEOUT_MS = 10_000;

/** Image addresses in Markdown (`![alt](url)`) and in HTML kept in it (`<img src="url">`). */
export function imageUrls(markdown: string): string[] {
  const urls = new Set<string>();
  for (const match of markdown.matchAll(/!\[[^\]]*\]\(\s*<?(https?:\/\/[^)\s>]+)>?/g)) urls.add(match[1]!);
  for (const match of markdown.matchAll(/<img\b[^>]*\bsrc\s*=\s*["'](https?:\/\/[^"']+)["']/gi)) urls.add(match[1]!);
  return [...urls];
}

function fileNameOf(url: string): string {
  const last = new URL(url).pathname.split('/').pop() || 'image';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export type DownloadResult = { downloaded: number; failed: { url: string; reason: string }[] };

export type DownloadNetwork = {
  /** How host names are resolved (tests inject one). */
  resolve?: Resolver;
  /** Private addresses that may be fetched anyway; tests only. Defaults to QUIRE_IMPORT_ALLOWED_ADDRESSES. */
  allowedAddresses?: readonly string[];
};

/** Downloads every image the bundle's posts use and rewrites the posts to the stored copies. */
export async function downloadImages(
  bundle: ImportBundle,
  uploaderId: string | null,
  onProgress?: (done: number, total: number) => unknown,
  network: DownloadNetwork = {},
): Promise<DownloadResult> {
  const fetchOptions = {
    maxBytes: MAX_UPLOAD_BYTES,
    timeoutMs: TIMEOUT_MS,
    maxRedirects: 5,
    resolve: network.resolve,
    allowedAddresses: network.allowedAddresses ?? allowedAddressesFromEnv(),
  };
  const all = new Set<string>();
  for (const post of bundle.posts) {
    for (const url of imageUrls(post.markdown)) all.add(url);
    if (post.coverImage) all.add(post.coverImage);
  }
  const replacements = new Map<string, string>();
  const failed: DownloadResult['failed'] = [];
  let done = 0;
  for (const url of all) {
    try {
      const name = fileNameOf(url);
      const stored = await storeImage(await fetchPublic(url, fetchOptions), name, uploaderId);
      replacements.set(url, stored.src);
    } catch (error) {
      // Only reasons written for people reach the report: other errors may name internal details.
      const known = error instanceof FetchRefused || error instanceof ImageRejected;
      if (!known) logger.error({ err: error }, 'An imported image could not be stored.');
      failed.push({ url, reason: known ? error.message : 'it could not be stored' });
    }
    await onProgress?.((done += 1), all.size);
  }
  for (const post of bundle.posts) {
    for (const [from, to] of replacements) post.markdown = post.markdown.replaceAll(from, to);
    if (post.coverImage) post.coverImage = replacements.get(post.coverImage) ?? post.coverImage;
  }
  for (const { url, reason } of failed) {
    bundle.skipped.push({ item: `Image ${url}`, reason: `not downloaded (${reason}); the post keeps its address` });
  }
  return { downloaded: replacements.size, failed };
}
