// Before any schema is built (see the module).
import './zod-jitless';
import { z } from 'zod';
import { postDocumentSchema, type PostDocument } from '../validations/post';

// The editor's backstop: every change is also kept in the browser's localStorage until the server
// has it, so a crash, a closed tab or a dead connection never loses what was typed.

export type LocalDraft = { document: PostDocument; baseVersion: number; changedAt: string };

const localDraftSchema = z.object({
  document: z.unknown(),
  baseVersion: z.number().int().nonnegative(),
  changedAt: z.iso.datetime(),
});

export function localDraftKey(postId: number): string {
  return `quire:post:${postId}`;
}

/** A stored draft, or null when there is none or it is not one of ours (old format, tampered). */
export function parseLocalDraft(raw: string | null): LocalDraft | null {
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const outer = localDraftSchema.safeParse(json);
  if (!outer.success) return null;
  // Validated, but kept exactly as typed (the schema trims; a half-typed title must not lose its space).
  if (!postDocumentSchema.safeParse(outer.data.document).success) return null;
  return { ...outer.data, document: outer.data.document as PostDocument };
}

/** Whether two documents hold the same post (label order and untouched whitespace included). */
export function sameDocument(a: PostDocument, b: PostDocument): boolean {
  return (
    a.title === b.title &&
    a.markdown === b.markdown &&
    a.slug === b.slug &&
    a.excerpt === b.excerpt &&
    a.coverImage === b.coverImage &&
    a.coverAlt === b.coverAlt &&
    a.seoTitle === b.seoTitle &&
    a.seoDescription === b.seoDescription &&
    a.commentsOpen === b.commentsOpen &&
    a.labels.length === b.labels.length &&
    a.labels.every((label, index) => label === b.labels[index])
  );
}
