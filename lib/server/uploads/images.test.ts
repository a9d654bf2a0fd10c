import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageRejected, MAX_UPLOAD_BYTES, processImage } from './images';

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } });

describe('processImage', () => {
  it('makes WebP copies 640, 1280 and 1920 wide from a large image, keeping the shape', async () => {
    const image = await processImage(await solid(2400, 1200).jpeg().toBuffer());
    expect(image.width).toBe(2400);
    expect(image.variants.map((variant) => [variant.width, variant.height])).toEqual([
      [640, 320],
      [1280, 640],
      [1920, 960],
    ]);
    for (const variant of image.variants) expect((await sharp(variant.data).metadata()).format).toBe('webp');
    expect(image.id).toMatch(/^[a-f0-9]{32}$/);
  });

  it('never enlarges: a small image gets one copy at its own width', async () => {
    const image = await processImage(await solid(300, 200).png().toBuffer());
    expect(image.variants.map((variant) => variant.width)).toEqual([300]);
  });

  it('accepts PNG, JPEG, WebP, GIF and AVIF by their bytes', async () => {
    for (const format of ['png', 'jpeg', 'webp', 'gif', 'avif'] as const) {
      const bytes = await solid(64, 64).toFormat(format).toBuffer();
      await expect(processImage(bytes), format).resolves.toMatchObject({ width: 64, height: 64 });
    }
  });

  it('refuses text, SVG, TIFF, empty and oversized files with a sentence', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('plain text pretending to be a PNG'), /not an image Quire can use/],
      [svg, /not an image Quire can use/],
      [await solid(16, 16).tiff().toBuffer(), /not an image Quire can use/],
      [Buffer.alloc(0), /empty/],
      [Buffer.alloc(MAX_UPLOAD_BYTES + 1), /larger than 10 MB/],
    ];
    for (const [bytes, message] of cases) {
      const attempt = processImage(bytes);
      await expect(attempt).rejects.toBeInstanceOf(ImageRejected);
      await expect(attempt).rejects.toThrow(message);
    }
  });

  it('strips metadata (EXIF, GPS) and turns photos upright', async () => {
    const photo = await solid(400, 200)
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'Private Person', Artist: 'Private Person' } } })
      .toBuffer();
    expect(photo.includes(Buffer.from('Private Person'))).toBe(true);
    const image = await processImage(photo);
    // Orientation 6 is a quarter turn: the upright image is 200 wide and 400 high.
    expect([image.width, image.height]).toEqual([200, 400]);
    const variant = image.variants[0]!;
    expect(variant.data.includes(Buffer.from('Private Person'))).toBe(false);
    const metadata = await sharp(variant.data).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
  });
});
