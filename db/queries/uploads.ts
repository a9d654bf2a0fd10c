import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { imageAttributes, parseUploadUrl } from '@/lib/server/images';
import type { ImageLookup } from '@/lib/policies/markdown';
import { getDb } from '../client';
import { uploads, type Upload, type UploadVariant } from '../schema';

export function getUpload({ id }: { id: string }): Upload | null {
  return getDb().select().from(uploads).where(eq(uploads.id, id)).get() ?? null;
}

export function saveUpload(input: {
  id: string;
  uploaderId: string | null;
  originalName: string;
  width: number;
  height: number;
  variants: UploadVariant[];
}): Upload {
  const db = getDb();
  db.insert(uploads).values(input).onConflictDoNothing().run();
  return getUpload({ id: input.id })!;
}

/** Size attributes for every uploaded image a piece of Markdown (or a cover) names, in one query. */
export function imageLookupFor(...texts: string[]): ImageLookup {
  const ids = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/\/uploads\/[a-f0-9]{32}-[0-9]{2,4}\.webp/g)) {
      const parsed = parseUploadUrl(match[0]);
      if (parsed) ids.add(parsed.id);
    }
  }
  const rows = ids.size
    ? getDb()
        .select()
        .from(uploads)
        .where(inArray(uploads.id, [...ids]))
        .all()
    : [];
  const byId = new Map(rows.map((row) => [row.id, row.variants]));
  return (src) => {
    const parsed = parseUploadUrl(src);
    const variants = parsed ? byId.get(parsed.id) : undefined;
    return variants ? imageAttributes(variants, src) : null;
  };
}
