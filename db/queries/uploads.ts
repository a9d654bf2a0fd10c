import 'server-only';
import { eq, inArray } from 'drizzle-orm';
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

/** The stored variants of these uploads, by upload id, in one query (unknown ids are left out). */
export function listUploadVariants({ ids }: { ids: string[] }): Map<string, UploadVariant[]> {
  if (ids.length === 0) return new Map();
  const rows = getDb()
    .select({ id: uploads.id, variants: uploads.variants })
    .from(uploads)
    .where(inArray(uploads.id, ids))
    .all();
  return new Map(rows.map((row) => [row.id, row.variants]));
}
