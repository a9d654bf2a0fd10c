import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { getDb, write } from '../client';
import { uploads, type Upload, type UploadVariant } from '../tables';

export async function getUpload({ id }: { id: string }): Promise<Upload | null> {
  const [upload] = await getDb().select().from(uploads).where(eq(uploads.id, id)).limit(1);
  return upload ?? null;
}

export async function saveUpload(input: {
  id: string;
  uploaderId: string | null;
  originalName: string;
  width: number;
  height: number;
  variants: UploadVariant[];
}): Promise<Upload> {
  return write(async (db) => {
    await db.insert(uploads).values(input).onConflictDoNothing();
    return (await getUpload({ id: input.id }))!;
  });
}

/** The stored variants of these uploads, by upload id, in one query (unknown ids are left out). */
export async function listUploadVariants({ ids }: { ids: string[] }): Promise<Map<string, UploadVariant[]>> {
  if (ids.length === 0) return new Map();
  const rows = await getDb()
    .select({ id: uploads.id, variants: uploads.variants })
    .from(uploads)
    .where(inArray(uploads.id, ids));
  return new Map(rows.map((row) => [row.id, row.variants]));
}
