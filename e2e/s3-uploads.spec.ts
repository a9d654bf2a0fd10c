import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import S3rver from 's3rver';
import sharp from 'sharp';
import { dataDir } from './support/database';
import { createPost, editorBody, expectSaved, signInAs, slugOf, uniqueTitle } from './support/editor';
import {
  exitCodeWithin,
  fatalMessages,
  startScript,
  stopServer,
  waitForHealth,
  type RunningServer,
} from './support/own-server';

// Quire with its uploads in an S3-compatible bucket: a local s3rver (port + 60 from the readers'
// server, that is this project's port + 30) and a Quire server of its own at this project's port.

test.describe.configure({ mode: 'serial' });

const bucket = 'quire-e2e';
let s3: S3rver;
let s3Folder: string;
let s3Endpoint: string;
let quire: RunningServer | undefined;

const s3Env = () => ({
  S3_ENDPOINT: s3Endpoint,
  S3_BUCKET: bucket,
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
});

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(150_000);
  const port = Number(new URL(testInfo.project.use.baseURL!).port);
  s3Folder = mkdtempSync(join(tmpdir(), 'quire-e2e-s3-'));
  s3 = new S3rver({
    address: '127.0.0.1',
    port: port + 30,
    silent: true,
    directory: s3Folder,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  await s3.run();
  s3Endpoint = `http://127.0.0.1:${port + 30}`;
  quire = startScript('scripts/e2e-server.mjs', { E2E_PORT: String(port), ...s3Env() });
  await waitForHealth(quire, `http://localhost:${port}`);
});

test.afterAll(async () => {
  await stopServer(quire);
  await s3?.close();
  if (s3Folder) rmSync(s3Folder, { recursive: true, force: true });
});

test('an image uploaded in the editor goes to the bucket and is served from it on the published post', async ({
  page,
}) => {
  await signInAs(page, 'author');
  const title = uniqueTitle('Bucket notes');
  await createPost(page, title, 'Photographed from the shed roof.');
  const image = await sharp({ create: { width: 800, height: 500, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .png()
    .toBuffer();
  await page.getByLabel('Upload an image into the post').setInputFiles({
    name: 'shed.png',
    mimeType: 'image/png',
    buffer: image,
  });
  const inEditor = editorBody(page).locator('img');
  await expect(inEditor).toHaveAttribute('src', /^\/uploads\/[a-f0-9]{32}-800\.webp$/);
  await expectSaved(page);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');

  await page.goto(`/posts/${slugOf(title)}`);
  const shown = page.locator('article .prose img');
  await expect(shown).toHaveAttribute('src', /^\/uploads\/[a-f0-9]{32}-800\.webp$/);
  // The browser really loaded it (naturalWidth is 0 for an image that failed; the value itself
  // depends on the srcset entry the browser chose).
  await shown.scrollIntoViewIfNeeded();
  await expect
    .poll(() => shown.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0))
    .toBe(true);
  const key = (await shown.getAttribute('src'))!.slice('/uploads/'.length);
  const served = await page.request.get(`/uploads/${key}`);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('image/webp');

  // The bytes are the bucket's object (s3rver keeps each as <key>._S3rver_object), and nothing was
  // written to the local uploads folder.
  const object = join(s3Folder, bucket, key.slice(0, 2), `${key}._S3rver_object`);
  expect(existsSync(object)).toBe(true);
  expect((await served.body()).equals(readFileSync(object))).toBe(true);
  const localUploads = join(dataDir(), 'uploads');
  expect(existsSync(localUploads) ? readdirSync(localUploads, { recursive: true }) : []).toEqual([]);
});

test('a partial S3 configuration, or a bucket nobody answers for, stops the start with one sentence', async ({}, testInfo) => {
  // Port + 11: never listened on (the start stops before), and apart from the shutdown spec's + 10.
  const port = Number(new URL(testInfo.project.use.baseURL!).port) + 11;
  const data = mkdtempSync(join(tmpdir(), 'quire-e2e-s3-start-'));
  const base = {
    PORT: String(port),
    HOSTNAME: 'localhost',
    DATABASE_URL: `file:${join(data, 'quire.db')}`,
    SEED_DEMO: '0',
  };
  try {
    const partial = startScript('scripts/server.mjs', { ...base, S3_ENDPOINT: s3Endpoint, S3_BUCKET: bucket });
    expect(await exitCodeWithin(partial, 60_000)).toBe(1);
    expect(fatalMessages(partial)).toEqual([
      'Quire cannot start, a setting is wrong:\n  S3: uploads on S3 need all of S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY; S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are not set (or unset every S3_ setting to keep uploads in UPLOADS_DIR)',
    ]);
    expect(partial.output()).not.toMatch(/\n\s+at /);

    const missing = startScript('scripts/server.mjs', { ...base, ...s3Env(), S3_BUCKET: 'no-such-bucket' });
    expect(await exitCodeWithin(missing, 60_000)).toBe(1);
    expect(fatalMessages(missing)).toEqual([
      `Quire cannot start: The upload bucket "no-such-bucket" at ${s3Endpoint} does not exist; create it, or correct S3_BUCKET.`,
    ]);
    expect(missing.output()).not.toMatch(/\n\s+at /);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});
