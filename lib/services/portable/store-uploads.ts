import 'server-only';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { uploadKeyPattern, uploadObjectPath } from '@/lib/server/uploads/keys';
import type { UploadStore } from '@/lib/server/uploads/store';

// With uploads in a bucket (S3_*), the export's .tar and the import's unpacking go through a
// temporary folder laid out like UPLOADS_DIR: the archive is the same whichever store a site uses,
// so a blog moves between local disk and a bucket with one export and one import.

/** Copies the named variants from the store into `folder` (ab/<key>); keys the store lacks are listed. */
export async function copyStoreToFolder(
  store: UploadStore,
  keys: Iterable<string>,
  folder: string,
): Promise<{ copied: number; missing: string[] }> {
  let copied = 0;
  const missing: string[] = [];
  for (const key of new Set(keys)) {
    if (!uploadKeyPattern.test(key)) continue;
    const data = await store.get(key);
    if (!data) {
      missing.push(key);
      continue;
    }
    const path = join(folder, uploadObjectPath(key));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
    copied += 1;
  }
  return { copied, missing };
}

/** Puts every upload file found under `folder` into the store; other files are left out. */
export async function copyFolderToStore(folder: string, store: UploadStore): Promise<number> {
  let copied = 0;
  for (const path of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const name = basename(path);
    if (!uploadKeyPattern.test(name) || !statSync(join(folder, path)).isFile()) continue;
    await store.put(name, readFileSync(join(folder, path)), 'image/webp');
    copied += 1;
  }
  return copied;
}
