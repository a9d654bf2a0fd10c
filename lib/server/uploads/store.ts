import 'server-only';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { s3Settings, uploadsDirectory } from '../env';
import { uploadKeyPattern, uploadObjectPath } from './keys';
import { s3UploadStore } from './s3-store';

/** Where upload bytes live: the local folder (UPLOADS_DIR) or an S3-compatible bucket (S3_*). */
export interface UploadStore {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such key. */
  get(key: string): Promise<Buffer | null>;
}

export { uploadKeyPattern };

export function localUploadStore(directory: string): UploadStore {
  const pathOf = (key: string) => join(directory, uploadObjectPath(key));
  return {
    async put(key, data) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Write then rename: a reader never sees half a file.
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, data);
      await rename(temporary, path);
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

let store: UploadStore | undefined;

export function getUploadStore(): UploadStore {
  if (!store) {
    const bucket = s3Settings();
    store = bucket ? s3UploadStore(bucket) : localUploadStore(uploadsDirectory());
  }
  return store;
}
