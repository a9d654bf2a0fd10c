import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Export, import and backup as an operator runs them on a site whose uploads are in a bucket (a
// local s3rver on a free port): the export's .tar holds the bucket's images, the import puts them
// into the other site's bucket, and the backup says where the images are.

let folder: string;
let s3: S3rver;
let endpoint: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'quire-cli-s3-'));
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(folder, 's3'),
    configureBuckets: [
      { name: 'site-a', configs: [] },
      { name: 'site-b', configs: [] },
    ],
  });
  endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
});
afterAll(async () => {
  await s3?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs a command without blocking this process, which is the one s3rver answers from. */
function quire(site: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/quire.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${join(folder, site, 'quire.db')}`,
      UPLOADS_DIR: join(folder, site, 'uploads'),
      PORT: '1', // no server to notify
      S3_ENDPOINT: endpoint,
      S3_BUCKET: `site-${site}`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

const id = 'ef'.repeat(16);
const key = `${id}-640.webp`;

describe('quire export / import / backup with uploads in a bucket', { timeout: 120_000 }, () => {
  it('carries the images from one bucket to another through the export, and the backup says where they are', async () => {
    expect(
      (await quire('a', 'user', 'add', '--email', 'admin@example.test', '--name', 'Admin', '--role', 'admin')).code,
    ).toBe(0);
    // An uploaded image as the server leaves it: a row in the database, the bytes in the bucket.
    const db = new Database(join(folder, 'a', 'quire.db'));
    db.prepare('insert into uploads (id, original_name, width, height, variants) values (?, ?, ?, ?, ?)').run(
      id,
      'shed.png',
      640,
      400,
      JSON.stringify([{ width: 640, height: 400, key, bytes: 6 }]),
    );
    db.close();
    const client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client.send(new PutObjectCommand({ Bucket: 'site-a', Key: `ef/${key}`, Body: 'pixels' }));
    client.destroy();

    const exported = await quire('a', 'export', join(folder, 'site.json'));
    expect(exported.out).toContain(`uploads to ${join(folder, 'site.uploads.tar')}`);
    expect(exported.code).toBe(0);

    const imported = await quire('b', 'import', join(folder, 'site.json'));
    expect(imported.out).toContain('1 upload files');
    expect(imported.code).toBe(0);
    const object = join(folder, 's3', 'site-b', 'ef', `${key}._S3rver_object`);
    expect(readFileSync(object, 'utf8')).toBe('pixels');
    expect(existsSync(join(folder, 'b', 'uploads'))).toBe(false);

    const backup = await quire('b', 'backup', join(folder, 'b.db'));
    expect(backup.code).toBe(0);
    expect(backup.out).toContain(`Uploaded images are not in it: they are in the bucket "site-b" at ${endpoint}`);
  });
});
