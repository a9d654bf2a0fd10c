import { describe, expect, it } from 'vitest';
import { saveUpload } from '@/db/queries/uploads';
import { useTestDatabase } from '@/db/test-database';
import { defaultVariant, imageAttributes, imageLookupFor, parseUploadUrl, servedUploadUrl } from './images';

const id = 'a'.repeat(32);
const variants = [
  { width: 640, height: 360, key: `${id}-640.webp`, bytes: 1 },
  { width: 1280, height: 720, key: `${id}-1280.webp`, bytes: 1 },
  { width: 1920, height: 1080, key: `${id}-1920.webp`, bytes: 1 },
];

describe('upload addresses', () => {
  it('parses only our own upload addresses', () => {
    expect(parseUploadUrl(`/uploads/${id}-1280.webp`)).toEqual({ id, width: 1280 });
    expect(parseUploadUrl(`https://elsewhere.example/uploads/${id}-1280.webp`)).toBeNull();
    expect(parseUploadUrl(`/uploads/../${id}-1280.webp`)).toBeNull();
    expect(parseUploadUrl('/uploads/x.png')).toBeNull();
  });

  it('inserts the 1280 copy, or the smallest when all are narrower', () => {
    expect(defaultVariant(variants).width).toBe(1280);
    expect(defaultVariant([variants[0]!]).width).toBe(640);
  });

  it('gives the chosen copy’s size and every copy in srcset', () => {
    expect(imageAttributes(variants, `/uploads/${id}-640.webp`, null)).toEqual({
      src: `/uploads/${id}-640.webp`,
      width: 640,
      height: 360,
      srcset: `/uploads/${id}-640.webp 640w, /uploads/${id}-1280.webp 1280w, /uploads/${id}-1920.webp 1920w`,
      sizes: '(min-width: 1024px) 720px, 100vw',
    });
    expect(imageAttributes(variants, `/uploads/${id}-800.webp`, null)).toBeNull();
  });

  it('points the image and every srcset entry at the bucket when it is served directly', () => {
    const bucket = 'https://images.example.com/quire';
    const attributes = imageAttributes(variants, `/uploads/${id}-1280.webp`, bucket);
    expect(attributes?.src).toBe(`${bucket}/aa/${id}-1280.webp`);
    expect(attributes?.srcset).toBe(
      `${bucket}/aa/${id}-640.webp 640w, ${bucket}/aa/${id}-1280.webp 1280w, ${bucket}/aa/${id}-1920.webp 1920w`,
    );
    expect(servedUploadUrl(`${id}-640.webp`, null)).toBe(`/uploads/${id}-640.webp`);
  });
});

describe('imageLookupFor', () => {
  it('gives size attributes for the uploads a text names, and none for an address it did not name', async () => {
    await useTestDatabase();
    await saveUpload({ id, uploaderId: null, originalName: 'canal.jpg', width: 1920, height: 1080, variants });
    const other = 'b'.repeat(32);
    await saveUpload({
      id: other,
      uploaderId: null,
      originalName: 'bridge.jpg',
      width: 640,
      height: 360,
      variants: [],
    });
    const lookup = await imageLookupFor(`![Canal](/uploads/${id}-1280.webp)`, 'A cover: none.');
    expect(lookup(`/uploads/${id}-1280.webp`)).toEqual(imageAttributes(variants, `/uploads/${id}-1280.webp`));
    expect(lookup(`/uploads/${id}-1280.webp`)?.width).toBe(1280);
    expect(lookup(`/uploads/${other}-640.webp`)).toBeNull();
    expect(lookup(`/uploads/${id}-800.webp`)).toBeNull();
  });
});
