'use server';

import { updateTag } from 'next/cache';
import { z } from 'zod';
import { getRevision, listRevisions, type RevisionSummary } from '@/db/queries/authoring';
import {
  discardChanges,
  editablePostFor,
  moveToTrash,
  restoreFromTrash,
  restoreRevision,
  savePost,
  type WorkflowResult,
} from '@/lib/services/post-workflow';
import type { EditorResult } from '@/lib/editor/editor-state';
import { armScheduler } from '@/lib/services/scheduler';
import { kickPostEmails } from '@/lib/services/subscriptions';
import { getCurrentUser } from '@/lib/server/session';
import type { PostDocument, SavePostInput } from '@/lib/validations/post';

// The editor's server actions. Each one checks the session and the post's owner on the server
// (lib/post-workflow), so calling them directly with another user's post is refused.

// What the browser gets: the result without the cache tags.
async function settle(result: WorkflowResult): Promise<EditorResult> {
  const { tags, ...rest } = result;
  for (const tag of tags) updateTag(tag);
  if (result.kind === 'saved') {
    await armScheduler();
    // A newly published post is queued for the email subscribers; the mail goes out in the background.
    kickPostEmails();
  }
  return rest;
}

export async function savePostAction(input: SavePostInput): Promise<EditorResult> {
  return settle(await savePost(await getCurrentUser(), input));
}

export async function restoreRevisionAction(input: {
  postId: number;
  revisionId: number;
  baseVersion: number;
}): Promise<EditorResult> {
  return settle(await restoreRevision(await getCurrentUser(), input));
}

export async function discardChangesAction(input: { postId: number }): Promise<EditorResult> {
  return settle(await discardChanges(await getCurrentUser(), input));
}

export async function trashPostAction(input: { postId: number }): Promise<EditorResult> {
  return settle(await moveToTrash(await getCurrentUser(), input));
}

export async function restorePostAction(input: { postId: number }): Promise<EditorResult> {
  return settle(await restoreFromTrash(await getCurrentUser(), input));
}

export type RevisionListing = { ok: true; revisions: RevisionSummary[] } | { ok: false; message: string };

const revisionRequest = z.object({
  postId: z.number().int().positive(),
  revisionId: z.number().int().positive().optional(),
});

export async function listRevisionsAction(input: { postId: number }): Promise<RevisionListing> {
  const parsed = revisionRequest.safeParse(input);
  const post = parsed.success ? await editablePostFor(await getCurrentUser(), parsed.data.postId) : null;
  if (!post) return { ok: false, message: 'You cannot see this post’s history.' };
  return { ok: true, revisions: await listRevisions({ postId: post.id }) };
}

export type RevisionContent =
  { ok: true; document: PostDocument; savedAt: string; kind: string } | { ok: false; message: string };

export async function getRevisionAction(input: { postId: number; revisionId: number }): Promise<RevisionContent> {
  const parsed = revisionRequest.safeParse(input);
  const post = parsed.success ? await editablePostFor(await getCurrentUser(), parsed.data.postId) : null;
  const revisionId = parsed.success ? parsed.data.revisionId : undefined;
  const revision = post && revisionId ? await getRevision({ postId: post.id, id: revisionId }) : null;
  if (!revision) return { ok: false, message: 'That revision is not available.' };
  return { ok: true, document: revision.document, savedAt: revision.savedAt.toISOString(), kind: revision.kind };
}
