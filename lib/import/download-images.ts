import 'server-only';
import { MAX_UPLOAD_BYTES } from '@/lib/uploads/images';
import { ImageRejected, storeImage } from '@/lib/uploads/upload';
import type { ImportBundle } from './types';

// Imported posts keep their images' original addresses (this machine may have no network). With
// `--download-images`, each image is fetched once, checked and stored like an upload, and the posts
// point at the copy: the old site can then go away.

const TIMEOUT_MS = 20_000;

/** Image addresses in Markdown (`![alt](url)`) and in HTML kept in it (`<img src="url">`). */
export function imageUrls(markdown: string): string[] {
  const urls = new Set<string>();
  for (const match of markdown.matchAll(/!\[[^\]]*\]\(\s*<?(https?:\/\/[^)\s>]+)>?/g)) urls.add(match[1]!);
  for (const match of markdown.matchAll(/<img\b[^>]*\bsrc\s*=\s*["'](https?:\/\/[^"']+)["']/gi)) urls.add(match[1]!);
  return [...urls];
}

async function fetchImage(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new ImageRejected(`the server answered ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_UPLOAD_BYTES) throw new ImageRejected('it is larger than 10 MB');
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new ImageRejected('it is larger than 10 MB');
  return bytes;
}

export type DownloadResult = { downloaded: number; failed: { url: string; reason: string }[] };

/** Downloads every image the bundle's posts use and rewrites the posts to the stored copies. */
export async function downloadImages(
  bundle: ImportBundle,
  uploaderId: string | null,
  onProgress?: (done: number, total: number) => void,
): Promise<DownloadResult> {
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
      const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? 'image');
      const stored = await storeImage(await fetchImage(url), name, uploaderId);
      replacements.set(url, stored.src);
    } catch (error) {
      const reason =
        error instanceof ImageRejected ? error.message : error instanceof Error ? error.message : String(error);
      failed.push({ url, reason });
    }
    onProgress?.((done += 1), all.size);
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
