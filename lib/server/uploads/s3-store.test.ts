import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Settings } from '../env';
import { bucketProblem, s3UploadStore } from './s3-store';

// A local S3-compatible server (s3rver) on a free port, with its objects in a temporary folder.
let server: S3rver;
let folder: string;
let settings: S3Settings;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'quire-s3-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: folder,
    configureBuckets: [{ name: 'quire-images', configs: [] }],
  });
  const { port } = await server.run();
  settings = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'quire-images',
    // s3rver's fixed key pair; anything else is refused (see the refused-key test).
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    region: 'us-east-1',
    forcePathStyle: true,
    publicUrl: null,
  };
});

afterAll(async () => {
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

const key = `${'ab'.padEnd(32, '0')}-640.webp`;

describe('the S3 upload store', () => {
  it('gives back the bytes it stored, kept in the bucket under the same path as the local folder', async () => {
    const store = s3UploadStore(settings);
    const bytes = Buffer.from('RIFF....WEBPVP8 not really an image');
    await store.put(key, bytes, 'image/webp');
    expect(await store.get(key)).toEqual(bytes);
    expect(existsSync(join(folder, 'quire-images', 'ab', `${key}._S3rver_object`))).toBe(true);
  });

  it('answers null for a key that was never stored', async () => {
    expect(await s3UploadStore(settings).get(`${'cd'.padEnd(32, '0')}-640.webp`)).toBeNull();
  });

  it('refuses a name that is not an upload key before asking the bucket', async () => {
    await expect(s3UploadStore(settings).get('../secret.webp')).rejects.toThrow('Not an upload key.');
  });
});

describe('the start-up check of the bucket', () => {
  it('passes for a bucket that answers', async () => {
    expect(await bucketProblem(settings)).toBeNull();
  });

  it('names a bucket that does not exist', async () => {
    expect(await bucketProblem({ ...settings, bucket: 'no-such-bucket' })).toBe(
      `The upload bucket "no-such-bucket" at ${settings.endpoint} does not exist; create it, or correct S3_BUCKET.`,
    );
  });

  it('says the access key was refused', async () => {
    expect(await bucketProblem({ ...settings, accessKeyId: 'WRONG', secretAccessKey: 'wrong' })).toMatch(
      /refused the access key; check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY\.$/,
    );
  });

  it('says when nothing answers at the endpoint', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    expect(await bucketProblem({ ...settings, endpoint })).toBe(
      `The upload bucket "quire-images" at ${endpoint} cannot be reached (ECONNREFUSED); check S3_ENDPOINT.`,
    );
  });
});
