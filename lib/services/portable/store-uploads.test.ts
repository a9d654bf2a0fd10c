import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UploadStore } from '@/lib/server/uploads/store';
import { extractUploadsArchive, writeUploadsArchive } from './site-export';
import { copyFolderToStore, copyStoreToFolder } from './store-uploads';

/** A bucket in memory: what the S3 store does, without the network. */
function memoryStore(): UploadStore & { objects: Map<string, Buffer> } {
  const objects = new Map<string, Buffer>();
  return {
    objects,
    async put(key, data) {
      objects.set(key, data);
    },
    async get(key) {
      return objects.get(key) ?? null;
    },
  };
}

const folders: string[] = [];
const temporary = () => {
  const folder = mkdtempSync(join(tmpdir(), 'quire-store-uploads-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const first = `${'a'.repeat(32)}-640.webp`;
const second = `${'b'.repeat(32)}-1280.webp`;

describe('uploads in a bucket, in and out of an export', () => {
  it('go from one bucket through the export archive into another', async () => {
    const source = memoryStore();
    await source.put(first, Buffer.from('first image'), 'image/webp');
    await source.put(second, Buffer.from('second image'), 'image/webp');
    const staged = temporary();
    const missingKey = `${'c'.repeat(32)}-640.webp`;
    expect(await copyStoreToFolder(source, [first, second, first, missingKey], staged)).toEqual({
      copied: 2,
      missing: [missingKey],
    });
    const exportFolder = temporary();
    const archive = await writeUploadsArchive(staged, join(exportFolder, 'site.json'));
    expect(archive).toBe('site.uploads.tar');

    const unpacked = temporary();
    expect(await extractUploadsArchive(join(exportFolder, archive!), unpacked)).toBe(2);
    const target = memoryStore();
    expect(await copyFolderToStore(unpacked, target)).toBe(2);
    expect(target.objects.get(first)?.toString()).toBe('first image');
    expect(target.objects.get(second)?.toString()).toBe('second image');
  });
});
